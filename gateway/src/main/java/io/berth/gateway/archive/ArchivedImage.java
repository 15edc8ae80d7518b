package io.berth.gateway.archive;

import java.util.List;

/**
 * One image inside a {@code docker save} archive or an OCI layout.
 *
 * @param config   the config blob, byte for byte (its digest is the image ID)
 * @param layers   the layer tars, lowest first, plain or compressed as the archive holds them
 * @param repoTags {@code name:tag} references to give it, possibly none
 */
public record ArchivedImage(byte[] config, List<byte[]> layers, List<String> repoTags) {
    public ArchivedImage {
        layers = List.copyOf(layers);
        repoTags = List.copyOf(repoTags);
    }
}
