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
 * @param kafkaBootstrap where to announce every change of a name on {@code image-events}, or null for nowhere
 *                       (gateways then walk the catalog per call)
 */
public record ImageStoreConfig(Path root, String host, int port, Path busyboxBinary, Duration gcInterval,
                               Duration gcGrace, String kafkaBootstrap) {
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofHours(1);
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(10);

    /** Collects hourly, sparing blobs younger than ten minutes; announces nothing. */
    public ImageStoreConfig(Path root, String host, int port, Path busyboxBinary) {
        this(root, host, port, busyboxBinary, DEFAULT_GC_INTERVAL, DEFAULT_GC_GRACE, null);
    }

    /** Announces nothing. */
    public ImageStoreConfig(Path root, String host, int port, Path busyboxBinary, Duration gcInterval,
                            Duration gcGrace) {
        this(root, host, port, busyboxBinary, gcInterval, gcGrace, null);
    }

    /** Collects hourly, sparing blobs younger than ten minutes; announces on {@code kafkaBootstrap}'s cluster. */
    public ImageStoreConfig(Path root, String host, int port, Path busyboxBinary, String kafkaBootstrap) {
        this(root, host, port, busyboxBinary, DEFAULT_GC_INTERVAL, DEFAULT_GC_GRACE, kafkaBootstrap);
    }
}
