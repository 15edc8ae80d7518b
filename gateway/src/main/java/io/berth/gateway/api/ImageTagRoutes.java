package io.berth.gateway.api;

import io.berth.events.spec.LayerRef;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.PullProgress;
import io.berth.gateway.image.PullRequest;
import io.berth.gateway.image.RegistryWriteClient;
import io.berth.gateway.image.ResolvedImage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker tag} and {@code docker push}. The image store is the registry, so a tag is a manifest PUT under
 * the new name (blobs mounted across repositories first), and a push makes sure every blob and the tag are in
 * the named repository, answering with dockerd's push stream.
 */
public final class ImageTagRoutes {
    private final ImageCatalog catalog;
    private final RegistryWriteClient writes;

    public ImageTagRoutes(ImageCatalog catalog, RegistryWriteClient writes) {
        this.catalog = catalog;
        this.writes = writes;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/images/{name*}/tag", this::tag)
                .add(HttpMethod.POST, "/images/{name*}/push", this::push);
    }

    private Future<Void> tag(Exchange ex) {
        String repo = ex.query("repo");
        if (repo == null || repo.isEmpty()) {
            throw ApiError.badRequest("repository name must have at least one component");
        }
        ImageRef target = PullRequest.reference(repo, ex.query("tag"));
        if (target.tag() == null) {
            throw ApiError.badRequest("refusing to create a tag with a digest reference");
        }
        return catalog.find(ex.param("name")).compose(found -> copy(found.image(), target))
                .compose(v -> ex.response().setStatusCode(201).end());
    }

    /** The image's manifest, its config and layers made part of {@code target}'s repository, then tagged. */
    private Future<Void> copy(ResolvedImage image, ImageRef target) {
        String from = image.ref().repository();
        String to = target.repository();
        Future<Void> blobs = writes.ensureBlob(to, image.configDigest(), from);
        for (LayerRef layer : image.layers()) {
            blobs = blobs.compose(v -> writes.ensureBlob(to, layer.digest(), from));
        }
        return blobs.compose(v -> writes.manifest(from, image.manifestDigest()))
                .compose(m -> writes.putManifest(to, target.tag(), m.mediaType(), m.bytes())).mapEmpty();
    }

    private Future<Void> push(Exchange ex) {
        String name = ex.param("name");
        String tag = ex.query("tag");
        ImageRef ref = PullRequest.reference(name, tag);
        return catalog.find(ref.familiar()).recover(e -> Future.failedFuture(ApiError.notFound(
                "An image does not exist locally with the tag: " + ref.familiarName())))
                .compose(found -> {
                    if (found.named() == null) {
                        return Future.failedFuture(ApiError.notFound("An image does not exist locally with the tag: "
                                + ref.familiarName()));
                    }
                    ResolvedImage image = found.image();
                    HttpServerResponse r = ex.response().setStatusCode(200).setChunked(true)
                            .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
                    // dockerd names the repository in full: docker.io/library/x, 127.0.0.1:5000/x
                    send(r, Map.of("status", "The push refers to repository [" + ref.domain() + "/" + ref.repository()
                            + "]"));
                    List<LayerRef> layers = new ArrayList<>(image.layers());
                    java.util.Collections.reverse(layers);
                    for (LayerRef layer : layers) {
                        send(r, PullProgress.layer("Preparing", layer.digest()));
                    }
                    Future<Void> pushed = Future.succeededFuture();
                    for (LayerRef layer : layers) {
                        pushed = pushed.compose(v -> writes.hasBlob(ref.repository(), layer.digest())
                                .compose(had -> writes.ensureBlob(ref.repository(), layer.digest(),
                                        image.ref().repository()).map(had)))
                                .map(had -> {
                                    send(r, PullProgress.layer(had ? "Layer already exists" : "Pushed", layer.digest()));
                                    return null;
                                });
                    }
                    return pushed.compose(v -> writes.ensureBlob(ref.repository(), image.configDigest(),
                                    image.ref().repository()))
                            .compose(v -> writes.manifest(image.ref().repository(), image.manifestDigest()))
                            .compose(m -> writes.putManifest(ref.repository(), ref.tag(), m.mediaType(), m.bytes())
                                    .map(digest -> {
                                        send(r, Map.of("status", ref.tag() + ": digest: " + digest + " size: "
                                                + m.bytes().length()));
                                        Map<String, Object> aux = new LinkedHashMap<>();
                                        aux.put("progressDetail", Map.of());
                                        aux.put("aux", Map.of("Tag", ref.tag(), "Digest", digest, "Size", m.bytes().length()));
                                        send(r, aux);
                                        return (Void) null;
                                    }))
                            .recover(e -> {
                                send(r, PullProgress.error(e.getMessage()));
                                return Future.succeededFuture();
                            }).compose(v -> r.end());
                });
    }

    private static void send(HttpServerResponse r, Map<String, Object> message) {
        r.write(DockerJson.write(message) + "\r\n");
    }
}
