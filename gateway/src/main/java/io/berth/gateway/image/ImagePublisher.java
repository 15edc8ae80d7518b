package io.berth.gateway.image;

import io.berth.events.spec.Digest;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.archive.LayerFile;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** Puts an image the gateway made (import, load, commit) into the store: config and layer blobs, then the tagged manifest. */
public final class ImagePublisher {
    private final RegistryWriteClient writes;

    public ImagePublisher(RegistryWriteClient writes) {
        this.writes = writes;
    }

    /** The image under {@code ref}; the answer is the manifest digest. Blobs go first so the manifest PUT finds them. */
    public Future<String> publish(ImageRef ref, byte[] config, List<LayerFile> layers) {
        String configDigest = Digest.of(config).toString();
        Future<Void> blobs = writes.upload(ref.repository(), configDigest, Buffer.buffer(config));
        for (LayerFile layer : layers) {
            blobs = blobs.compose(v -> writes.uploadFile(ref.repository(), layer.digest(), layer.gzip(), layer.size()));
        }
        return blobs.compose(v -> manifest(ref, configDigest, config.length,
                layers.stream().map(LayerFile::ref).toList()));
    }

    /**
     * An image made on top of another ({@code docker commit}): the base's layers joined to {@code ref}'s
     * repository (mounted from {@code baseRepository}), then the new layer, the config and the tagged manifest.
     */
    public Future<String> publishOnto(ImageRef ref, byte[] config, String baseRepository, List<LayerRef> base,
                                      LayerFile layer) {
        String configDigest = Digest.of(config).toString();
        Future<Void> blobs = Future.succeededFuture();
        for (LayerRef l : base) {
            blobs = blobs.compose(v -> writes.ensureBlob(ref.repository(), l.digest(), baseRepository));
        }
        List<LayerRef> all = new ArrayList<>(base);
        all.add(layer.ref());
        return blobs.compose(v -> writes.uploadFile(ref.repository(), layer.digest(), layer.gzip(), layer.size()))
                .compose(v -> writes.upload(ref.repository(), configDigest, Buffer.buffer(config)))
                .compose(v -> manifest(ref, configDigest, config.length, all));
    }

    private Future<String> manifest(ImageRef ref, String configDigest, long configSize, List<LayerRef> layers) {
        byte[] manifest = OciDocuments.manifest(configDigest, configSize, layers);
        return writes.putManifest(ref.repository(), ref.tag(), OciDocuments.MANIFEST_TYPE, Buffer.buffer(manifest));
    }
}
