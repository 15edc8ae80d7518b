package io.berth.imagestore;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.berth.imagestore.RegistryPushTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads over real HTTP: ranges, paginated tag lists and catalog, the spec's errors. */
class RegistryReadTest extends AgainstRunningStore {
    @Test
    void blobRanges() throws Exception {
        byte[] blob = RegistryPushTest.random(1000, 7);
        Digest digest = Push.blob(store, "ranged", blob);
        HttpResponse<byte[]> part = store.get("/v2/ranged/blobs/" + digest, "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), part.body());
        assertEquals("bytes 100-199/1000", part.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> tail = store.get("/v2/ranged/blobs/" + digest, "Range", "bytes=900-");
        assertArrayEquals(Arrays.copyOfRange(blob, 900, 1000), tail.body());
        HttpResponse<byte[]> past = store.get("/v2/ranged/blobs/" + digest, "Range", "bytes=1000-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */1000", past.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> head = store.send("HEAD", "/v2/ranged/blobs/" + digest, null);
        assertEquals("1000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
    }

    @Test
    void tagListPagesWithLinks() throws Exception {
        Digest manifest = Push.image(store, "paged/repo", "t0", "{}".getBytes(StandardCharsets.US_ASCII), new byte[]{1});
        byte[] body = store.get("/v2/paged/repo/manifests/t0").body();
        for (int i = 1; i < 5; i++) {
            assertEquals(201, store.send("PUT", "/v2/paged/repo/manifests/t" + i, body,
                    "Content-Type", "application/vnd.oci.image.manifest.v1+json").statusCode());
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/paged/repo/tags/list?n=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<byte[]> page = store.get(next);
            assertEquals(200, page.statusCode());
            JsonNode json = Json.MAPPER.readTree(page.body());
            assertEquals("paged/repo", json.path("name").asText());
            json.path("tags").forEach(t -> seen.add(t.asText()));
            next = page.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            pages++;
        }
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), seen);
        assertEquals(3, pages);
        assertEquals(manifest, Digest.of(body));
        assertError(store.get("/v2/paged/repo/tags/list?n=x"), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void catalogPages() throws Exception {
        for (String name : List.of("z/one", "a/two", "m/three/deep")) {
            Push.image(store, name, "latest", "{}".getBytes(StandardCharsets.US_ASCII), new byte[]{2});
        }
        HttpResponse<byte[]> first = store.get("/v2/_catalog?n=2");
        assertEquals(List.of("a/two", "library/busybox"), names(first));
        String link = first.headers().firstValue("Link").orElseThrow();
        assertTrue(link.contains("last=library%2Fbusybox") && link.endsWith("rel=\"next\""), link);
        HttpResponse<byte[]> rest = store.get("/v2/_catalog?n=2&last=library/busybox");
        assertEquals(List.of("m/three/deep", "z/one"), names(rest));
        assertFalse(rest.headers().firstValue("Link").isPresent());
        assertEquals(4, names(store.get("/v2/_catalog")).size());
    }

    @Test
    void errorsFollowTheSpec() throws Exception {
        assertError(store.get("/v2/library/busybox/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(store.get("/v2/library/nothing/manifests/latest"), 404, "NAME_UNKNOWN");
        assertError(store.get("/v2/library/nothing/tags/list"), 404, "NAME_UNKNOWN");
        assertError(store.get("/v2/library/busybox/blobs/sha256:" + "0".repeat(64)), 404, "BLOB_UNKNOWN");
        assertError(store.get("/v2/library/busybox/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
        assertError(store.get("/v2/UPPER/manifests/latest"), 400, "NAME_INVALID");
        assertError(store.get("/v2/x/blobs/uploads/" + java.util.UUID.randomUUID()), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(store.send("DELETE", "/v2/library/busybox/blobs/sha256:" + "0".repeat(64), null), 405, "UNSUPPORTED");
        assertError(store.send("PATCH", "/v2/library/busybox/manifests/latest", new byte[0]), 405, "UNSUPPORTED");
    }

    private static List<String> names(HttpResponse<byte[]> response) throws Exception {
        List<String> names = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("repositories").forEach(n -> names.add(n.asText()));
        return names;
    }
}
