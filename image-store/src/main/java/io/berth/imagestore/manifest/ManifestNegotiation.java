package io.berth.imagestore.manifest;

import java.util.List;
import java.util.Optional;

/**
 * Which manifest to answer a GET with, from the client's Accept header. A stored manifest is served as it is,
 * unless it is an index and the client accepts single-image manifests but no index type: then the index's
 * {@link #PLATFORM_OS}/{@link #PLATFORM_ARCHITECTURE} child is served instead (what Docker Hub does for old
 * clients). This is the one place Berth picks a platform from a multi-arch image.
 */
public final class ManifestNegotiation {
    public static final String PLATFORM_OS = "linux";
    public static final String PLATFORM_ARCHITECTURE = "amd64";

    private ManifestNegotiation() {
    }

    /** True if an index should be swapped for one platform's manifest for a client sending {@code accept}. */
    public static boolean wantsSingleImage(List<String> accept) {
        List<String> types = types(accept);
        if (types.isEmpty() || types.contains("*/*")) {
            return false;
        }
        boolean index = types.stream().anyMatch(MediaTypes.INDEXES::contains);
        boolean image = types.stream().anyMatch(MediaTypes.IMAGES::contains);
        return image && !index;
    }

    /** The index entry for linux/amd64, if there is one. */
    public static Optional<ManifestDocument.Child> platformChild(ManifestDocument index) {
        return index.children().stream()
                .filter(c -> PLATFORM_OS.equals(c.os()) && PLATFORM_ARCHITECTURE.equals(c.architecture()))
                .findFirst();
    }

    // Accept may come as several headers, each a comma list with parameters (";q=0.5").
    private static List<String> types(List<String> accept) {
        return accept.stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .map(t -> t.split(";", 2)[0].trim())
                .filter(t -> !t.isEmpty())
                .toList();
    }
}
