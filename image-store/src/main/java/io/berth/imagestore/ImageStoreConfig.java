package io.berth.imagestore;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an image store runs.
 *
 * @param root          its own directory (blobs, repositories); created if missing
 * @param host          address to listen on (loopback in the all-in-one)
 * @param port          TCP port, 0 for any free one
 * @param busyboxBinary a static busybox to build the seed {@code busybox:latest} image from
 * @param gcInterval    how often garbage is collected on its own; zero for only on {@code POST /berth/gc}
 * @param gcGrace       blobs younger than this are never collected (a push in flight uploads blobs before
 *                      its manifest)
 */
public record ImageStoreConfig(Path root, String host, int port, Path busyboxBinary, Duration gcInterval,
                               Duration gcGrace) {
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofHours(1);
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(10);

    /** Collects hourly, sparing blobs younger than ten minutes. */
    public ImageStoreConfig(Path root, String host, int port, Path busyboxBinary) {
        this(root, host, port, busyboxBinary, DEFAULT_GC_INTERVAL, DEFAULT_GC_GRACE);
    }
}
