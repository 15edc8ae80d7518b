package io.berth.imagestore.manifest;

import java.util.Set;

/** The manifest media types the registry stores: Docker schema 2 and OCI, single images and indexes. */
public final class MediaTypes {
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    public static final Set<String> IMAGES = Set.of(DOCKER_MANIFEST, OCI_MANIFEST);
    public static final Set<String> INDEXES = Set.of(DOCKER_LIST, OCI_INDEX);

    private MediaTypes() {
    }

    public static boolean known(String type) {
        return type != null && (IMAGES.contains(type) || INDEXES.contains(type));
    }
}
