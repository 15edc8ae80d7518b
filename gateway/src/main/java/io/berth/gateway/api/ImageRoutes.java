package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.Digests;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImageHistory;
import io.berth.gateway.image.ImageListFilters;
import io.berth.gateway.image.ImageNotFound;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ImageViews;
import io.berth.gateway.image.PullProgress;
import io.berth.gateway.image.PullRequest;
import io.berth.gateway.image.RegistryClient;
import io.berth.gateway.image.RegistryWriteClient;
import io.berth.gateway.image.ResolvedImage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading images as the image store has them: pull (every layer fetched and its digest checked, with dockerd's
 * progress stream), list, inspect, history. {@code POST /images/create} with {@code fromSrc} is an import and
 * goes to {@link ImageArchiveRoutes}.
 */
public final class ImageRoutes {
    private final RegistryClient registry;
    private final RegistryWriteClient writes;
    private final ImageCatalog catalog;
    private ImageArchiveRoutes archives;

    /** @param catalog the images, kept or walked */
    public ImageRoutes(RegistryClient registry, RegistryWriteClient writes, ImageCatalog catalog) {
        this.registry = registry;
        this.writes = writes;
        this.catalog = catalog;
    }

    public ImageCatalog catalog() {
        return catalog;
    }

    public void register(Router router, ImageArchiveRoutes archiveRoutes) {
        this.archives = archiveRoutes;
        router.add(HttpMethod.POST, "/images/create", this::create)
                .add(HttpMethod.GET, "/images/json", this::list)
                .add(HttpMethod.GET, "/images/{name*}/history", this::history)
                .add(HttpMethod.GET, "/images/{name*}/json", this::inspect);
    }

    private Future<Void> create(Exchange ex) {
        String from = ex.query("fromImage");
        String src = ex.query("fromSrc");
        if ((from == null || from.isEmpty()) && src != null && !src.isEmpty()) {
            return archives.importImage(ex);
        }
        if (from == null || from.isEmpty()) {
            throw ApiError.badRequest("fromImage or fromSrc is required");
        }
        ImageRef ref = PullRequest.reference(from, ex.query("tag"));
        // errors must come before the 200: the CLI reads a plain error only then
        return registry.resolve(ref)
                .recover(e -> Future.failedFuture(e instanceof ImageNotFound
                        ? ApiError.notFound("pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': denied: requested access"
                        + " to the resource is denied") : e))
                .compose(image -> {
                    HttpServerResponse r = ex.response().setStatusCode(200).setChunked(true)
                            .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
                    send(r, PullProgress.start(ref));
                    for (LayerRef layer : image.layers()) {
                        send(r, PullProgress.layer("Pulling fs layer", layer.digest()));
                    }
                    Future<Void> layers = Future.succeededFuture();
                    for (LayerRef layer : image.layers()) {
                        layers = layers.compose(v -> fetch(r, ref, layer));
                    }
                    return layers.map(v -> {
                        send(r, PullProgress.digest(image.manifestDigest()));
                        send(r, PullProgress.upToDate(ref));
                        return (Void) null;
                    }).recover(e -> {
                        send(r, PullProgress.error(e.getMessage()));
                        return Future.succeededFuture();
                    }).compose(v -> r.end());
                });
    }

    /** Reads one layer from the store, reporting progress and checking its digest as a pulling daemon does. */
    private Future<Void> fetch(HttpServerResponse r, ImageRef ref, LayerRef layer) {
        MessageDigest sha = Digests.sha256Digest();
        long[] seen = {0, 0};
        long step = Math.max(1, layer.size() / 20);
        return writes.streamBlob(ref.repository(), layer.digest(), chunk -> {
            sha.update(chunk.getBytes());
            seen[0] += chunk.length();
            if (seen[0] - seen[1] >= step || seen[0] == layer.size()) {
                seen[1] = seen[0];
                send(r, PullProgress.downloading(layer.digest(), seen[0], layer.size()));
            }
        }).recover(e -> Future.failedFuture(new IllegalStateException("reading layer " + layer.digest()
                + " from the image store failed after " + seen[0] + " of " + layer.size() + " bytes: "
                + e.getMessage()))).compose(v -> {
            String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (!got.equals(layer.digest())) {
                return Future.failedFuture(new IllegalStateException("filesystem layer verification failed for digest "
                        + layer.digest()));
            }
            send(r, PullProgress.layer("Verifying Checksum", layer.digest()));
            send(r, PullProgress.layer("Download complete", layer.digest()));
            send(r, PullProgress.layer("Pull complete", layer.digest()));
            return Future.succeededFuture();
        });
    }

    private static void send(HttpServerResponse r, Map<String, Object> message) {
        r.write(DockerJson.write(message) + "\r\n");
    }

    private Future<Void> inspect(Exchange ex) {
        return catalog.find(ex.param("name")).compose(found -> {
            Map<String, Object> view = ImageViews.inspect(found.image());
            view.put("RepoTags", found.repoTags());
            return ex.json(200, view);
        });
    }

    private Future<Void> history(Exchange ex) {
        return catalog.find(ex.param("name")).compose(found -> {
            ResolvedImage image = found.image();
            return writes.blob(image.ref().repository(), image.configDigest()).compose(config -> ex.json(200,
                    ImageHistory.of(Json.read(config.getBytes(), JsonNode.class), image.configDigest(),
                            found.repoTags(), image.layers())));
        });
    }

    private Future<Void> list(Exchange ex) {
        ImageListFilters filters = ImageListFilters.parse(ex.query("filters"));
        boolean all = ex.flag("all");
        return catalog.all().compose(images -> ex.json(200, summaries(images.stream().filter(filters::matches).toList())
                .stream().filter(item -> all || !intermediate(item)).toList()));
    }

    /** {@code GET /images/json} items for every image. */
    public Future<List<Map<String, Object>>> summaries() {
        return catalog.all().map(ImageRoutes::summaries);
    }

    /** A build step's image that no name points at: listed by {@code docker images -a} only. */
    private static boolean intermediate(Map<String, Object> item) {
        return item.get("RepoTags") instanceof List<?> tags && tags.equals(List.of("<none>:<none>"));
    }

    /** One item per image id, with all its tags: Docker lists an image once; build steps' cache tags are not names. */
    static List<Map<String, Object>> summaries(List<ResolvedImage> images) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (ResolvedImage image : images) {
            Map<String, Object> item = byId.get(image.configDigest());
            Map<String, Object> own = ImageViews.listItem(image);
            List<Object> ownTags = new ArrayList<>(own.get("RepoTags") instanceof List<?> l ? l : List.of());
            if (ImageCatalog.buildStep(image.ref())) {
                ownTags = new ArrayList<>(List.of("<none>:<none>"));
                own.put("RepoTags", ownTags);
                own.put("RepoDigests", List.of());
            }
            if (item == null) {
                byId.put(image.configDigest(), own);
            } else {
                List<Object> tags = new ArrayList<>((List<?>) item.get("RepoTags"));
                tags.addAll(ownTags);
                tags.removeIf("<none>:<none>"::equals);
                if (tags.isEmpty()) {
                    tags.add("<none>:<none>");
                }
                item.put("RepoTags", tags);
            }
        }
        return new ArrayList<>(byId.values());
    }
}
