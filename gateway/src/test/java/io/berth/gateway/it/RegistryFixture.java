package io.berth.gateway.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * A read-only registry v2 endpoint serving one image and its blobs (library/busybox:latest), standing in for the image
 * store, which is another module, so the gateway's real HTTP client is exercised end to end.
 */
final class RegistryFixture {
    final String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T10:00:00Z\","
            + "\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],"
            + "\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "b".repeat(64) + "\"]}}";
    final String configDigest = sha256(config);
    /** Not a real tar: the gateway only streams it (pull checks its digest), nothing unpacks it here. */
    final String layer = "layer bytes ".repeat(100);
    final String layerDigest = sha256(layer);
    final String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
            + "\",\"size\":" + config.length() + "},\"layers\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
            + layer.length() + "}]}";
    final String manifestDigest = sha256(manifest);
    private HttpServer server;

    int start(Vertx vertx) throws Exception {
        Map<String, String> paths = Map.of(
                "/v2/library/busybox/manifests/latest", manifest,
                "/v2/library/busybox/manifests/" + manifestDigest, manifest,
                "/v2/library/busybox/blobs/" + configDigest, config,
                "/v2/library/busybox/blobs/" + layerDigest, layer,
                "/v2/_catalog", "{\"repositories\":[\"library/busybox\"]}",
                "/v2/library/busybox/tags/list", "{\"name\":\"library/busybox\",\"tags\":[\"latest\"]}");
        server = vertx.createHttpServer().requestHandler(req -> {
            String body = paths.get(req.path());
            if (body == null) {
                req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
                return;
            }
            if (req.path().contains("/manifests/")) {
                req.response().putHeader("Docker-Content-Digest", manifestDigest);
            }
            req.response().putHeader("Content-Type", "application/json").end(body);
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
    }

    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }

    static String sha256(String s) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
