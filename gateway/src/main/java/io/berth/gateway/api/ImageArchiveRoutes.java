package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.archive.ArchiveReader;
import io.berth.gateway.archive.ArchiveWriter;
import io.berth.gateway.archive.ArchivedImage;
import io.berth.gateway.archive.Compression;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.Digests;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImagePublisher;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ImportConfig;
import io.berth.gateway.image.LayerSpool;
import io.berth.gateway.image.PullRequest;
import io.berth.gateway.image.RegistryWriteClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Images in and out as files: {@code docker import} (a root file system tar → a one-layer image),
 * {@code docker load} (docker-archive or OCI layout) and {@code docker save}. Archives are parsed and written on
 * worker threads by the pure {@code archive} package; every image goes to the store as blobs plus a manifest PUT.
 */
public final class ImageArchiveRoutes {
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
    private final Vertx vertx;
    private final ImageCatalog catalog;
    private final RegistryWriteClient writes;
    private final ImagePublisher publisher;

    public ImageArchiveRoutes(Vertx vertx, ImageCatalog catalog, RegistryWriteClient writes) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.writes = writes;
        this.publisher = new ImagePublisher(writes);
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/images/load", this::load)
                .add(HttpMethod.GET, "/images/get", ex -> save(ex, ex.request().params().getAll("names")))
                .add(HttpMethod.GET, "/images/{name*}/get", ex -> save(ex, List.of(ex.param("name"))));
    }

    /** {@code POST /images/create?fromSrc=-&repo=name:tag&changes=…&message=…} with the tar as the body. */
    Future<Void> importImage(Exchange ex) {
        String src = ex.query("fromSrc");
        if (!src.equals("-")) {
            throw ApiError.badRequest("Berth imports from the request body only (fromSrc=-), not from " + src);
        }
        String repo = ex.query("repo");
        if (repo == null || repo.isEmpty()) {
            throw ApiError.badRequest("Berth keeps only tagged images: give the import a name"
                    + " (docker import FILE NAME[:TAG])");
        }
        ImageRef ref = PullRequest.reference(repo, ex.query("tag"));
        List<String> changes = ex.request().params().getAll("changes");
        String message = ex.query("message");
        String comment = message == null || message.isEmpty() ? "Imported from " + src : message;
        // the tar can be large: spool it to a file, then one streaming pass makes the gzip layer and both digests
        ex.request().pause();
        return LayerSpool.of(vertx, ex.request(), "the import body is empty: no root file system tar was sent")
                .compose(layer -> {
                    byte[] config;
                    try {
                        config = ImportConfig.of(layer.diffId(), Instant.now(), changes, comment);
                    } catch (RuntimeException e) {
                        layer.delete();
                        throw e;
                    }
                    return publisher.publish(ref, config, List.of(layer))
                            .eventually(() -> vertx.executeBlocking(() -> {
                                layer.delete();
                                return null;
                            }, false))
                            .compose(digest -> ex.response().setStatusCode(200)
                                    .putHeader("Content-Type", DockerJson.CONTENT_TYPE)
                                    .end(DockerJson.write(Map.of("status", Digests.sha256(config))) + "\r\n"));
                });
    }

    /** {@code POST /images/load}: every image of the archive stored under each of its names. */
    private Future<Void> load(Exchange ex) {
        List<LayerFile> written = new ArrayList<>();
        return ex.body().compose(body -> vertx.executeBlocking(() -> {
            List<Loaded> loaded = new ArrayList<>();
            for (ArchivedImage image : ArchiveReader.read(body.getBytes())) {
                if (image.repoTags().isEmpty()) {
                    throw ApiError.badRequest("Berth keeps only tagged images: image "
                            + Digests.sha256(image.config()) + " in the archive has no name");
                }
                List<LayerFile> layers = new ArrayList<>();
                for (byte[] layer : image.layers()) {
                    LayerFile file = LayerFile.write(new ByteArrayInputStream(layer), TEMP);
                    written.add(file);
                    layers.add(file);
                }
                checkDiffIds(image.config(), layers);
                List<ImageRef> refs = new ArrayList<>();
                for (String tag : image.repoTags()) {
                    refs.add(ImageRef.parse(tag));
                }
                loaded.add(new Loaded(image.config(), layers, refs));
            }
            return loaded;
        }, false)).compose(images -> {
            Future<Void> done = Future.succeededFuture();
            StringBuilder out = new StringBuilder();
            for (Loaded image : images) {
                for (ImageRef ref : image.refs()) {
                    done = done.compose(v -> publisher.publish(ref, image.config(), image.layers())).map(d -> {
                        out.append(DockerJson.write(Map.of("stream", "Loaded image: " + ref.familiar() + "\n")))
                                .append("\r\n");
                        return null;
                    });
                }
            }
            return done.compose(v -> ex.response().setStatusCode(200)
                    .putHeader("Content-Type", DockerJson.CONTENT_TYPE).end(out.toString()));
        }).eventually(() -> vertx.executeBlocking(() -> {
            written.forEach(LayerFile::delete);
            return null;
        }, false));
    }

    private record Loaded(byte[] config, List<LayerFile> layers, List<ImageRef> refs) {
    }

    /** A layer whose content is not what the config says would give a different image: refuse it. */
    private static void checkDiffIds(byte[] config, List<LayerFile> layers) {
        JsonNode diffIds = Json.read(config, JsonNode.class).path("rootfs").path("diff_ids");
        if (diffIds.size() != layers.size()) {
            throw ApiError.badRequest("invalid archive: the config names " + diffIds.size() + " layers, the archive has "
                    + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!diffIds.get(i).asText().equals(layers.get(i).diffId())) {
                throw ApiError.badRequest("invalid archive: layer " + (i + 1) + " has digest " + layers.get(i).diffId()
                        + " but the config expects " + diffIds.get(i).asText());
            }
        }
    }

    /** {@code GET /images/get?names=…}: a tar of the named images; the names must all exist before any byte goes. */
    private Future<Void> save(Exchange ex, List<String> names) {
        if (names.isEmpty()) {
            throw ApiError.badRequest("no images named to save");
        }
        List<Future<ArchiveWriter.SavedImage>> images = new ArrayList<>();
        for (String name : names) {
            images.add(catalog.find(name).compose(found -> {
                String repository = found.image().ref().repository();
                Future<Buffer> config = writes.blob(repository, found.image().configDigest());
                List<Future<Buffer>> layers = new ArrayList<>();
                for (LayerRef layer : found.image().layers()) {
                    layers.add(writes.blob(repository, layer.digest()));
                }
                List<String> tags = found.named() == null ? List.of() : List.of(found.named().familiar());
                return Future.all(layers).compose(x -> config).map(c -> new ArchiveWriter.SavedImage(c.getBytes(),
                        layers.stream().map(f -> f.result().getBytes()).toList(), tags));
            }));
        }
        return Future.all(images).compose(x -> vertx.executeBlocking(() -> {
            List<ArchiveWriter.SavedImage> plain = new ArrayList<>();
            for (Future<ArchiveWriter.SavedImage> f : images) {
                ArchiveWriter.SavedImage image = f.result();
                plain.add(new ArchiveWriter.SavedImage(image.config(),
                        image.plainLayers().stream().map(Compression::plain).toList(), image.repoTags()));
            }
            return ArchiveWriter.write(plain);
        }, false)).compose(tar -> ex.response().setStatusCode(200).putHeader("Content-Type", "application/x-tar")
                .end(Buffer.buffer(tar)));
    }
}
