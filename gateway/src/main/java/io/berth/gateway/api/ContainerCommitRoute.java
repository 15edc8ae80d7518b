package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.ContainerViews;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.CommitConfig;
import io.berth.gateway.image.Digests;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImagePublisher;
import io.berth.gateway.image.ImportChanges;
import io.berth.gateway.image.LayerSpool;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.PullRequest;
import io.berth.gateway.image.RegistryWriteClient;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /commit?container=…&repo=…&tag=…&comment=…&author=…&pause=…&changes=…}: the container's upper
 * directory, read by its node's agent as a layer tar (frozen meanwhile unless {@code pause=0}), becomes a new
 * image on top of the container's own image, with the container's config and the {@code -c} changes; it goes to
 * the store like any push, so every node can run it.
 */
public final class ContainerCommitRoute {
    private final Vertx vertx;
    private final ContainerStore store;
    private final NodeStreams streams;
    private final ImageCatalog catalog;
    private final RegistryWriteClient writes;
    private final ImagePublisher publisher;

    public ContainerCommitRoute(Vertx vertx, ContainerStore store, NodeStreams streams, ImageCatalog catalog,
                                RegistryWriteClient writes) {
        this.vertx = vertx;
        this.store = store;
        this.streams = streams;
        this.catalog = catalog;
        this.writes = writes;
        this.publisher = new ImagePublisher(writes);
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/commit", this::handle);
    }

    private Future<Void> handle(Exchange ex) {
        String container = ex.query("container");
        if (container == null || container.isEmpty()) {
            throw ApiError.badRequest("container is required: docker commit CONTAINER NAME[:TAG]");
        }
        String repo = ex.query("repo");
        if (repo == null || repo.isEmpty()) {
            throw ApiError.badRequest("Berth keeps only tagged images: give the commit a name"
                    + " (docker commit CONTAINER NAME[:TAG])");
        }
        ImageRef ref = PullRequest.reference(repo, ex.query("tag"));
        List<String> changes = ex.request().params().getAll("changes");
        String pause = ex.query("pause");
        boolean freeze = pause == null || pause.isEmpty() || pause.equals("1") || pause.equalsIgnoreCase("true");
        String comment = orEmpty(ex.query("comment"));
        String author = orEmpty(ex.query("author"));
        return ex.body().compose(body -> store.find(container).compose(record -> {
            ObjectNode config = containerConfig(record, overrides(body.toString()));
            // every check before the layer is read: a refused commit leaves nothing in the store
            ImportChanges.apply(changes, config.deepCopy());
            return catalog.find(record.spec().imageId()).compose(base -> writes.blob(
                    base.image().ref().repository(), base.image().configDigest()).compose(baseConfig ->
                    layer(record, freeze).compose(layer -> {
                        byte[] image = CommitConfig.of(baseConfig.getBytes(), config, changes, layer.diffId(),
                                Instant.now(), String.join(" ", record.spec().argv()), record.id(), author, comment);
                        return publisher.publishOnto(ref, image, base.image().ref().repository(),
                                        base.image().layers(), layer)
                                .map(manifest -> Digests.sha256(image))
                                .eventually(() -> vertx.executeBlocking(() -> {
                                    layer.delete();
                                    return null;
                                }, false));
                    })));
        })).compose(id -> ex.response().setStatusCode(201).putHeader("Content-Type", DockerJson.CONTENT_TYPE)
                .end(DockerJson.write(Map.of("Id", id))));
    }

    /** The agent's layer tar, spooled to a file, then one pass makes the gzip blob and both digests. */
    private Future<LayerFile> layer(ContainerRecord record, boolean freeze) {
        return streams.forward(record, HttpMethod.GET, "layer", "pause=" + freeze, null).compose(up -> {
            if (up.statusCode() != 200) {
                return up.body().compose(b -> Future.failedFuture(new ApiError(up.statusCode(),
                        "the node could not read the container's changes: " + b.toString().strip())));
            }
            return LayerSpool.of(vertx, up, null);
        });
    }

    private static ObjectNode containerConfig(ContainerRecord record, ObjectNode overrides) {
        ObjectNode config = ContainerViews.config(record);
        overrides.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                config.set(f.getKey(), f.getValue());
            }
        });
        return config;
    }

    /** The body is a Config whose set fields replace the container's (the CLI sends {@code null}). */
    private static ObjectNode overrides(String body) {
        String text = body.strip();
        if (text.isEmpty() || text.equals("null")) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = Json.read(text, JsonNode.class);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("the commit body is not a JSON container config: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode o)) {
            throw ApiError.badRequest("the commit body must be a JSON object (a container config)");
        }
        return o;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
