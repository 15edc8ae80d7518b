package io.berth.imagestore;

import java.nio.file.Path;

/**
 * How an image store runs.
 *
 * @param root          its own directory (blobs, repositories); created if missing
 * @param host          address to listen on (loopback in the all-in-one)
 * @param port          TCP port, 0 for any free one
 * @param busyboxBinary a static busybox to build the seed {@code busybox:latest} image from
 */
public record ImageStoreConfig(Path root, String host, int port, Path busyboxBinary) {
}
