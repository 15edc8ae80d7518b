package io.berth.imagestore;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.Digest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts a real store on a free port and pulls busybox over HTTP the way a node agent does. */
class ImageStoreHttpTest {
    @TempDir
    Path root;
    private Vertx vertx;
    private ImageStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = startStore();
    }

    @AfterEach
    void stop() throws Exception {
        store.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ImageStore startStore() throws Exception {
        ImageStore s = new ImageStore(vertx, new ImageStoreConfig(root, "127.0.0.1", 0, Path.of("/bin/busybox")));
        s.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(s.port() > 0);
        return s;
    }

    @Test
    void pullsManifestConfigAndLayerWithMatchingDigests() throws Exception {
        HttpResponse<byte[]> base = get("/v2/");
        assertEquals(200, base.statusCode());
        assertEquals("registry/2.0", base.headers().firstValue("Docker-Distribution-API-Version").orElseThrow());

        HttpResponse<byte[]> manifest = get("/v2/library/busybox/manifests/latest");
        assertEquals(200, manifest.statusCode());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.headers().firstValue("Content-Type").orElseThrow());
        String manifestDigest = manifest.headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertEquals(Digest.of(manifest.body()).toString(), manifestDigest);
        JsonNode m = Json.MAPPER.readTree(manifest.body());
        assertEquals(2, m.path("schemaVersion").asInt());

        String configDigest = m.path("config").path("digest").asText();
        HttpResponse<byte[]> config = get("/v2/library/busybox/blobs/" + configDigest);
        assertEquals(200, config.statusCode());
        assertEquals(configDigest, Digest.of(config.body()).toString());
        assertEquals(m.path("config").path("size").asLong(), config.body().length);
        JsonNode c = Json.MAPPER.readTree(config.body());
        assertEquals("sh", c.path("config").path("Cmd").path(0).asText());
        assertEquals("amd64", c.path("architecture").asText());

        String layerDigest = m.path("layers").path(0).path("digest").asText();
        HttpResponse<byte[]> layer = get("/v2/library/busybox/blobs/" + layerDigest);
        assertEquals(200, layer.statusCode());
        assertEquals("application/octet-stream", layer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(layerDigest, layer.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(layerDigest, Digest.of(layer.body()).toString());
        assertEquals(m.path("layers").path(0).path("size").asLong(), layer.body().length);

        HttpResponse<byte[]> byDigest = get("/v2/library/busybox/manifests/" + manifestDigest);
        assertEquals(manifestDigest, Digest.of(byDigest.body()).toString());
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(uri("/v2/library/busybox/manifests/latest"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        byte[] body = get("/v2/library/busybox/manifests/latest").body();
        assertEquals(Long.toString(body.length), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(Digest.of(body).toString(), head.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void errorsFollowTheSpec() throws Exception {
        assertError("/v2/library/busybox/manifests/nope", 404, "MANIFEST_UNKNOWN");
        assertError("/v2/library/nothing/manifests/latest", 404, "NAME_UNKNOWN");
        assertError("/v2/library/busybox/blobs/sha256:" + "0".repeat(64), 404, "BLOB_UNKNOWN");
        assertError("/v2/library/busybox/blobs/sha256:xyz", 400, "DIGEST_INVALID");
        assertError("/v2/UPPER/manifests/latest", 400, "NAME_INVALID");
    }

    @Test
    void listsTheCatalogAndTags() throws Exception {
        assertEquals("library/busybox", Json.MAPPER.readTree(get("/v2/_catalog").body()).path("repositories").path(0).asText());
        JsonNode tags = Json.MAPPER.readTree(get("/v2/library/busybox/tags/list").body());
        assertEquals("latest", tags.path("tags").path(0).asText());
    }

    @Test
    void aRestartKeepsTheSameImage() throws Exception {
        String before = get("/v2/library/busybox/manifests/latest").headers().firstValue("Docker-Content-Digest").orElseThrow();
        store.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        store = startStore();
        assertEquals(before, get("/v2/library/busybox/manifests/latest").headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    private void assertError(String path, int status, String code) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertEquals(status, response.statusCode(), path);
        assertEquals(code, Json.MAPPER.readTree(response.body()).path("errors").path(0).path("code").asText(), path);
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create(store.url() + path);
    }
}
