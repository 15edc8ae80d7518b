package io.berth.imagestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.imagestore.manifest.MediaTypes;
import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushes over real HTTP to a store on a free port: uploads, mounts, manifests, deletes. */
class RegistryPushTest extends AgainstRunningStore {
    @Test
    void chunkedUploadThenPutWithDigest() throws Exception {
        byte[] blob = random(300_000, 1);
        Digest digest = Digest.of(blob);
        HttpResponse<byte[]> started = store.send("POST", "/v2/a/b/c/blobs/uploads/", null);
        assertEquals(202, started.statusCode());
        String location = started.headers().firstValue("Location").orElseThrow();
        String uuid = started.headers().firstValue("Docker-Upload-UUID").orElseThrow();
        assertTrue(location.endsWith("/v2/a/b/c/blobs/uploads/" + uuid), location);
        assertEquals("0-0", started.headers().firstValue("Range").orElseThrow());

        HttpResponse<byte[]> first = store.send("PATCH", location, Arrays.copyOfRange(blob, 0, 100_000),
                "Content-Range", "0-99999", "Content-Type", "application/octet-stream");
        assertEquals(202, first.statusCode(), new String(first.body()));
        assertEquals("0-99999", first.headers().firstValue("Range").orElseThrow());

        HttpResponse<byte[]> outOfOrder = store.send("PATCH", location, Arrays.copyOfRange(blob, 200_000, 300_000),
                "Content-Range", "200000-299999");
        assertEquals(416, outOfOrder.statusCode());
        assertEquals("0-99999", outOfOrder.headers().firstValue("Range").orElseThrow());

        HttpResponse<byte[]> second = store.send("PATCH", location, Arrays.copyOfRange(blob, 100_000, 200_000),
                "Content-Range", "100000-199999");
        assertEquals(202, second.statusCode());

        HttpResponse<byte[]> status = store.get(location);
        assertEquals(204, status.statusCode());
        assertEquals("0-199999", status.headers().firstValue("Range").orElseThrow());

        HttpResponse<byte[]> done = store.send("PUT", location + "?digest=" + digest, Arrays.copyOfRange(blob, 200_000, 300_000));
        assertEquals(201, done.statusCode(), new String(done.body()));
        assertEquals(digest.toString(), done.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals("/v2/a/b/c/blobs/" + digest, done.headers().firstValue("Location").orElseThrow());

        HttpResponse<byte[]> read = store.get("/v2/a/b/c/blobs/" + digest);
        assertEquals(200, read.statusCode());
        assertArrayEquals(blob, read.body());
        assertError(store.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertNoTempFiles();
    }

    @Test
    void monolithicPostAndAWrongDigestLeavesNothing() throws Exception {
        byte[] blob = "whole blob".getBytes(StandardCharsets.US_ASCII);
        Digest digest = Digest.of(blob);
        HttpResponse<byte[]> post = store.send("POST", "/v2/mono/blobs/uploads/?digest=" + digest, blob);
        assertEquals(201, post.statusCode(), new String(post.body()));
        assertEquals(digest.toString(), post.headers().firstValue("Docker-Content-Digest").orElseThrow());

        Digest other = Digest.of("something else".getBytes(StandardCharsets.US_ASCII));
        assertError(store.send("POST", "/v2/mono/blobs/uploads/?digest=" + other, blob), 400, "DIGEST_INVALID");
        String location = store.send("POST", "/v2/mono/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        assertError(store.send("PUT", location + "?digest=" + other, blob), 400, "DIGEST_INVALID");
        assertError(store.get("/v2/mono/blobs/" + other), 404, "BLOB_UNKNOWN");
        assertError(store.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertNoTempFiles();
    }

    @Test
    void cancelAndUnknownUploads() throws Exception {
        String location = store.send("POST", "/v2/x/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        store.send("PATCH", location, new byte[]{1, 2, 3});
        assertEquals(204, store.send("DELETE", location, null).statusCode());
        assertError(store.send("PATCH", location, new byte[]{4}), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(store.get("/v2/x/blobs/uploads/not-a-uuid"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(store.get(location.replace("/v2/x/", "/v2/y/")), 404, "BLOB_UPLOAD_UNKNOWN");
        assertNoTempFiles();
    }

    @Test
    void mountTakesAnExistingBlobAndFallsBackToAnUpload() throws Exception {
        Digest digest = Push.blob(store, "source/repo", "shared layer".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<byte[]> mounted = store.send("POST", "/v2/target/repo/blobs/uploads/?mount=" + digest + "&from=source/repo", null);
        assertEquals(201, mounted.statusCode());
        assertEquals("/v2/target/repo/blobs/" + digest, mounted.headers().firstValue("Location").orElseThrow());

        Digest missing = Digest.of("never pushed".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<byte[]> fallback = store.send("POST", "/v2/target/repo/blobs/uploads/?mount=" + missing + "&from=source/repo", null);
        assertEquals(202, fallback.statusCode());
        assertTrue(fallback.headers().firstValue("Docker-Upload-UUID").isPresent());
        assertEquals(204, store.send("DELETE", fallback.headers().firstValue("Location").orElseThrow(), null).statusCode());
    }

    @Test
    void manifestsByTagAndDigestWithTheirBlobs() throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] layer = random(5000, 2);
        Digest manifest = Push.image(store, "team/app", "v1", config, layer);

        HttpResponse<byte[]> byTag = store.get("/v2/team/app/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
        assertEquals(200, byTag.statusCode());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(manifest.toString(), byTag.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(manifest, Digest.of(byTag.body()));

        // push by digest, no tag, Docker schema 2 this time
        byte[] docker = Json.bytes(Json.MAPPER.readTree(new String(byTag.body(), StandardCharsets.UTF_8)
                .replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)));
        Digest dockerDigest = Digest.of(docker);
        HttpResponse<byte[]> put = store.send("PUT", "/v2/team/app/manifests/" + dockerDigest, docker,
                "Content-Type", MediaTypes.DOCKER_MANIFEST);
        assertEquals(201, put.statusCode(), new String(put.body()));
        assertEquals("/v2/team/app/manifests/" + dockerDigest, put.headers().firstValue("Location").orElseThrow());
        HttpResponse<byte[]> head = store.send("HEAD", "/v2/team/app/manifests/" + dockerDigest, null);
        assertEquals(200, head.statusCode());
        assertEquals(MediaTypes.DOCKER_MANIFEST, head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Long.toString(docker.length), head.headers().firstValue("Content-Length").orElseThrow());

        // a digest that is not the body's
        assertError(store.send("PUT", "/v2/team/app/manifests/" + manifest, docker, "Content-Type", MediaTypes.DOCKER_MANIFEST),
                400, "DIGEST_INVALID");
        // another repository does not hold it
        assertError(store.get("/v2/library/busybox/manifests/" + dockerDigest), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void aManifestNeedsItsBlobsAndValidJson() throws Exception {
        Digest config = Push.blob(store, "strict", "{}".getBytes(StandardCharsets.US_ASCII));
        Digest missing = Digest.of("not uploaded".getBytes(StandardCharsets.US_ASCII));
        byte[] manifest = Push.manifest(config, 2, List.of(missing), List.of(12L));
        HttpResponse<byte[]> refused = store.send("PUT", "/v2/strict/manifests/latest", manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
        assertError(refused, 400, "MANIFEST_BLOB_UNKNOWN");
        assertTrue(new String(refused.body()).contains(missing.toString()));
        assertError(store.get("/v2/strict/manifests/latest"), 404, "NAME_UNKNOWN");

        assertError(store.send("PUT", "/v2/strict/manifests/latest", "{not json".getBytes(StandardCharsets.US_ASCII),
                "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID");
        assertError(store.send("PUT", "/v2/strict/manifests/latest", "{\"schemaVersion\":1}".getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "application/vnd.docker.distribution.manifest.v1+json"), 400, "MANIFEST_INVALID");
        assertError(store.send("PUT", "/v2/strict/manifests/latest", manifest, "Content-Type", MediaTypes.DOCKER_MANIFEST),
                400, "MANIFEST_INVALID");
        assertError(store.send("PUT", "/v2/strict/manifests/latest", new byte[ManifestLimits.OVER], "Content-Type", MediaTypes.OCI_MANIFEST),
                400, "MANIFEST_INVALID");
    }

    @Test
    void anIndexResolvesToLinuxAmd64ForSingleManifestClients() throws Exception {
        Digest amd64 = Push.image(store, "multi", "amd64", "{\"architecture\":\"amd64\"}".getBytes(StandardCharsets.US_ASCII), random(100, 3));
        Digest arm64 = Push.image(store, "multi", "arm64", "{\"architecture\":\"arm64\"}".getBytes(StandardCharsets.US_ASCII), random(100, 4));
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        var manifests = index.putArray("manifests");
        manifests.add(child(arm64, "arm64"));
        manifests.add(child(amd64, "amd64"));
        byte[] body = Json.bytes(index);
        HttpResponse<byte[]> put = store.send("PUT", "/v2/multi/manifests/latest", body, "Content-Type", MediaTypes.OCI_INDEX);
        assertEquals(201, put.statusCode(), new String(put.body()));

        HttpResponse<byte[]> asIndex = store.get("/v2/multi/manifests/latest",
                "Accept", MediaTypes.OCI_INDEX + ", " + MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.OCI_INDEX, asIndex.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(body, asIndex.body());
        HttpResponse<byte[]> single = store.get("/v2/multi/manifests/latest", "Accept", MediaTypes.OCI_MANIFEST);
        assertEquals(amd64.toString(), single.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(MediaTypes.OCI_MANIFEST, single.headers().firstValue("Content-Type").orElseThrow());

        // an index whose children are missing is refused
        Digest ghost = Digest.of("ghost".getBytes(StandardCharsets.US_ASCII));
        ObjectNode broken = index.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) broken.get("manifests")).add(child(ghost, "s390x"));
        assertError(store.send("PUT", "/v2/multi/manifests/broken", Json.bytes(broken), "Content-Type", MediaTypes.OCI_INDEX),
                400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void deleteByDigestAndUntag() throws Exception {
        Digest manifest = Push.image(store, "gone", "v1", "{}".getBytes(StandardCharsets.US_ASCII), random(10, 5));
        HttpResponse<byte[]> tag2 = store.send("PUT", "/v2/gone/manifests/v2", store.get("/v2/gone/manifests/v1").body(),
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(201, tag2.statusCode());

        assertEquals(202, store.send("DELETE", "/v2/gone/manifests/v2", null).statusCode());
        assertError(store.get("/v2/gone/manifests/v2"), 404, "MANIFEST_UNKNOWN");
        assertEquals(200, store.get("/v2/gone/manifests/" + manifest).statusCode());

        assertEquals(202, store.send("DELETE", "/v2/gone/manifests/" + manifest, null).statusCode());
        assertError(store.get("/v2/gone/manifests/" + manifest), 404, "MANIFEST_UNKNOWN");
        assertError(store.get("/v2/gone/manifests/v1"), 404, "MANIFEST_UNKNOWN");
        assertError(store.send("DELETE", "/v2/gone/manifests/" + manifest, null), 404, "MANIFEST_UNKNOWN");
        JsonNode tags = Json.MAPPER.readTree(store.get("/v2/gone/tags/list").body());
        assertEquals(0, tags.path("tags").size());
    }

    @Test
    void theSeedIsAnOrdinaryPushedImage() throws Exception {
        HttpResponse<byte[]> busybox = store.get("/v2/library/busybox/manifests/latest");
        assertEquals(200, busybox.statusCode());
        Digest digest = Digest.of(busybox.body());
        assertTrue(Files.isRegularFile(root.resolve("repositories/library/busybox/_manifests/" + digest.hex())));
    }

    private static ObjectNode child(Digest digest, String architecture) {
        ObjectNode node = Push.descriptor(MediaTypes.OCI_MANIFEST, digest, 100);
        ObjectNode platform = node.putObject("platform");
        platform.put("architecture", architecture);
        platform.put("os", "linux");
        return node;
    }

    private void assertNoTempFiles() throws Exception {
        try (var list = Files.list(root.resolve("uploads"))) {
            assertFalse(list.findAny().isPresent(), "uploads/ holds leftovers");
        }
    }

    static void assertError(HttpResponse<byte[]> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), new String(response.body()));
        assertEquals(code, Json.MAPPER.readTree(response.body()).path("errors").path(0).path("code").asText(),
                new String(response.body()));
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Sizes around the manifest limit. */
    private static final class ManifestLimits {
        static final int OVER = io.berth.imagestore.manifest.ManifestDocument.MAX_BYTES + 1;
    }
}
