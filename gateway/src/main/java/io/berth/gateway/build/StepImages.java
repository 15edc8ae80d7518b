package io.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.Digest;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.image.ImageNotFound;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.OciDocuments;
import io.berth.gateway.image.RegistryClient;
import io.berth.gateway.image.RegistryWriteClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build's images in the store. Every step's image is stored as a tag of one repository, named by the step's
 * cache key, so the cache is the store itself: it survives a restart of the whole platform, every gateway sees
 * it, and every node can run a step's image (the next RUN's container) by its reference.
 */
public final class StepImages implements StepStore {
    /** The repository holding every step's image, tagged by cache key. */
    public static final String CACHE_REPOSITORY = "berth-build-cache";
    private final RegistryClient registry;
    private final RegistryWriteClient writes;

    public StepImages(RegistryClient registry, RegistryWriteClient writes) {
        this.registry = registry;
        this.writes = writes;
    }

    public static ImageRef cacheRef(String key) {
        return ImageRef.parse(CACHE_REPOSITORY + ":" + key);
    }

    /** The image of a FROM line ({@code scratch}: an empty one). */
    @Override
    public Future<StepImage> base(String name) {
        if (name.equals("scratch")) {
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.putObject("config");
            config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
            return Future.succeededFuture(new StepImage(null, null, "", config, List.of()));
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(name);
        } catch (ApiError e) {
            return Future.failedFuture(new BuildFailure(e.getMessage()));
        }
        return load(ref).recover(e -> Future.failedFuture(e instanceof ImageNotFound || e instanceof ApiError a && a.status() == 404
                ? new BuildFailure("pull access denied for " + ref.familiarName() + ", repository does not exist"
                + " or may require 'docker login': denied: requested access to the resource is denied") : e));
    }

    /** The step image cached under {@code key}, if any. */
    @Override
    public Future<Optional<StepImage>> cached(String key) {
        return load(cacheRef(key)).map(Optional::of).recover(e -> e instanceof ImageNotFound
                || e instanceof ApiError a && a.status() == 404
                ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
    }

    private Future<StepImage> load(ImageRef ref) {
        return registry.resolve(ref).compose(image -> writes.blob(image.ref().repository(), image.configDigest())
                .map(bytes -> new StepImage(image.ref(), image.manifestDigest(), image.configDigest(),
                        Json.read(bytes.getBytes(), ObjectNode.class), image.layers())));
    }

    /**
     * Stores {@code config} on {@code parent}'s layers plus {@code layer} (null: a step that adds none) under
     * {@code key} and answers the new step image.
     */
    @Override
    public Future<StepImage> publish(String key, ObjectNode config, StepImage parent, LayerFile layer) {
        ImageRef ref = cacheRef(key);
        String repo = ref.repository();
        byte[] bytes = Json.bytes(config);
        String configDigest = Digest.of(bytes).toString();
        Future<Void> blobs = Future.succeededFuture();
        if (!parent.scratch()) {
            for (LayerRef l : parent.layers()) {
                blobs = blobs.compose(v -> writes.ensureBlob(repo, l.digest(), parent.ref().repository()));
            }
        }
        List<LayerRef> layers = new ArrayList<>(parent.layers());
        if (layer != null) {
            layers.add(layer.ref());
            blobs = blobs.compose(v -> writes.uploadFile(repo, layer.digest(), layer.gzip(), layer.size()));
        }
        byte[] manifest = OciDocuments.manifest(configDigest, bytes.length, layers);
        return blobs.compose(v -> writes.upload(repo, configDigest, Buffer.buffer(bytes)))
                .compose(v -> writes.putManifest(repo, ref.tag(), OciDocuments.MANIFEST_TYPE, Buffer.buffer(manifest)))
                .map(digest -> new StepImage(ref, digest, configDigest, config, layers));
    }

    /** Tags the built image as {@code target}: its blobs joined to that repository, then the same manifest. */
    @Override
    public Future<Void> tag(StepImage image, ImageRef target) {
        if (image.scratch()) {
            return Future.failedFuture(new BuildFailure("no image was built: a build from scratch needs a step"));
        }
        String from = image.ref().repository();
        String to = target.repository();
        Future<Void> blobs = writes.ensureBlob(to, image.id(), from);
        for (LayerRef l : image.layers()) {
            blobs = blobs.compose(v -> writes.ensureBlob(to, l.digest(), from));
        }
        return blobs.compose(v -> writes.manifest(from, image.manifestDigest()))
                .compose(m -> writes.putManifest(to, target.tag(), m.mediaType(), m.bytes())).mapEmpty();
    }
}
