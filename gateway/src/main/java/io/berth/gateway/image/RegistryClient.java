package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.image.ImageChanged;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Resolves image references through the image store's OCI Distribution API: the manifest by tag or digest
 * (following an index to its linux/amd64 entry), then the config blob.
 */
public final class RegistryClient {
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private static final long TIMEOUT_MS = 15_000;
    private final WebClient client;
    private final String baseUrl;

    public RegistryClient(Vertx vertx, String registryUrl) {
        this.client = WebClient.create(vertx);
        this.baseUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
    }

    /** The image, or a failed future with {@link ImageNotFound} when the store does not have it. */
    public Future<ResolvedImage> resolve(ImageRef ref) {
        return tagged(ref).map(KeptImages.Tagged::image);
    }

    /** As {@link #resolve}, with the digest the reference points at (an index's own, for a multi-platform image). */
    public Future<KeptImages.Tagged> tagged(ImageRef ref) {
        return manifest(ref, ref.reference(), 0).compose(m -> blob(ref, m.configDigest)
                .map(config -> new KeptImages.Tagged(m.top,
                        ManifestParts.image(ref, m.digest, m.configDigest, m.layers, config))));
    }

    /** Whether the store announces every change of a name on {@code image-events} (Berth's own store does). */
    public Future<Boolean> announces() {
        return get("/v2/").map(r -> r.statusCode() == 200 && r.getHeader(ImageChanged.ANNOUNCED_HEADER) != null);
    }

    /** The repositories the store lists, or an empty list when it does not serve a catalog. */
    public Future<List<String>> catalog() {
        return get("/v2/_catalog").map(r -> r.statusCode() == 200
                ? strings(Json.read(r.body().getBytes(), JsonNode.class).path("repositories"))
                : List.<String>of()).otherwise(List.of());
    }

    /** The tags of a repository, empty when unknown. */
    public Future<List<String>> tags(String repository) {
        return get("/v2/" + repository + "/tags/list").map(r -> r.statusCode() == 200
                ? strings(Json.read(r.body().getBytes(), JsonNode.class).path("tags"))
                : List.<String>of()).otherwise(List.of());
    }

    public void close() {
        client.close();
    }

    private record Manifest(String top, String digest, String configDigest, List<LayerRef> layers) {
        Manifest under(String index) {
            return new Manifest(index, digest, configDigest, layers);
        }
    }

    private Future<Manifest> manifest(ImageRef ref, String reference, int depth) {
        String path = "/v2/" + ref.repository() + "/manifests/" + reference;
        return client.getAbs(baseUrl + path).timeout(TIMEOUT_MS).putHeader("Accept", ACCEPT).send()
                .recover(e -> Future.failedFuture(unreachable(path, e)))
                .compose(r -> {
                    if (r.statusCode() == 404) {
                        return Future.failedFuture(new ImageNotFound(ref));
                    }
                    if (r.statusCode() != 200) {
                        return Future.failedFuture(ApiError.internal("image store answered " + r.statusCode()
                                + " for " + path));
                    }
                    JsonNode body = Json.read(r.body().getBytes(), JsonNode.class);
                    String digest = digestOf(r);
                    if (body.has("manifests")) {
                        String chosen = ManifestParts.pickPlatform(body);
                        if (chosen == null || depth > 0) {
                            return Future.failedFuture(new ImageNotFound(ref));
                        }
                        return manifest(ref, chosen, depth + 1).map(child -> child.under(digest));
                    }
                    String config = body.path("config").path("digest").asText(null);
                    if (config == null) {
                        return Future.failedFuture(ApiError.internal("manifest " + digest + " of "
                                + ref.familiar() + " has no config"));
                    }
                    return Future.succeededFuture(new Manifest(digest, digest, config, ManifestParts.layers(body)));
                });
    }

    private Future<JsonNode> blob(ImageRef ref, String digest) {
        String path = "/v2/" + ref.repository() + "/blobs/" + digest;
        return get(path).compose(r -> {
            if (r.statusCode() == 404) {
                return Future.failedFuture(new ImageNotFound(ref));
            }
            if (r.statusCode() != 200) {
                return Future.failedFuture(ApiError.internal("image store answered " + r.statusCode()
                        + " for " + path));
            }
            return Future.succeededFuture(Json.read(r.body().getBytes(), JsonNode.class));
        });
    }

    private Future<HttpResponse<Buffer>> get(String path) {
        return client.getAbs(baseUrl + path).timeout(TIMEOUT_MS).send().recover(e -> Future.failedFuture(unreachable(path, e)));
    }

    private ApiError unreachable(String path, Throwable e) {
        return ApiError.internal("image store " + baseUrl + " unreachable for " + path + ": " + e.getMessage());
    }

    private static String digestOf(HttpResponse<Buffer> r) {
        String header = r.getHeader("Docker-Content-Digest");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(r.body().getBytes());
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
