package io.berth.gateway.image;

import io.berth.events.spec.LayerRef;

import java.util.List;

/**
 * An image as the image store serves it, pinned to digests.
 *
 * @param ref            the reference it was resolved from
 * @param manifestDigest digest of the image manifest
 * @param configDigest   digest of the config blob: Docker's image ID
 * @param layers         the layers, lowest first
 * @param config         runtime defaults
 * @param created        the config's creation time (RFC 3339) or null
 * @param os             the config's os
 * @param architecture   the config's architecture
 * @param diffIds        the uncompressed layer digests ({@code rootfs.diff_ids})
 */
public record ResolvedImage(ImageRef ref, String manifestDigest, String configDigest, List<LayerRef> layers,
                            ImageConfig config, String created, String os, String architecture,
                            List<String> diffIds) {
    public ResolvedImage {
        layers = List.copyOf(layers);
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    /** The sum of the compressed layer sizes, what Berth reports as the image size. */
    public long size() {
        return layers.stream().mapToLong(LayerRef::size).sum();
    }
}
