package io.berth.gateway.image;

import io.berth.events.spec.Digest;
import io.berth.gateway.archive.LayerFile;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/** Puts an image the gateway made (import, load) into the store: config and layer blobs, then the tagged manifest. */
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
        byte[] manifest = OciDocuments.manifest(configDigest, config.length, layers);
        return blobs.compose(v -> writes.putManifest(ref.repository(), ref.tag(), OciDocuments.MANIFEST_TYPE,
                Buffer.buffer(manifest)));
    }
}
