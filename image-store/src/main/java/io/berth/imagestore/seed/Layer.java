package io.berth.imagestore.seed;

import io.berth.events.spec.Digest;

/**
 * A built image layer.
 *
 * @param gzipped the blob as served ({@code tar+gzip})
 * @param digest  the digest of {@code gzipped} (the blob's name)
 * @param diffId  the digest of the uncompressed tar (the image config's {@code rootfs.diff_ids})
 */
public record Layer(byte[] gzipped, Digest digest, Digest diffId) {
}
