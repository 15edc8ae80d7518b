package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Content-addressed layer directories: a layer is unpacked straight from the download into a temp directory
 * beside its final place while hashed (no temp file), the directory is dropped on a digest mismatch, and renamed
 * into place in one step once verified, so a
 * {@code layers/sha256/<hex>} directory is always complete. Unpacked once, shared by every container. Blocking.
 */
public final class LayerStore {
    private static final Logger LOG = Logger.getLogger(LayerStore.class.getName());
    private final NodePaths paths;
    private final BlobSource source;
    private final LayerUnpacker unpacker;
    private final LayerBytes bytes;

    /** Counts what is pulled and unpacked; the agent's meters implement it. */
    public interface LayerBytes {
        void pulled(long bytes);

        void unpacked(long bytes);
    }

    public LayerStore(NodePaths paths, BlobSource source, LayerUnpacker unpacker) {
        this(paths, source, unpacker, new LayerBytes() {
            @Override
            public void pulled(long n) {
            }

            @Override
            public void unpacked(long n) {
            }
        });
    }

    public LayerStore(NodePaths paths, BlobSource source, LayerUnpacker unpacker, LayerBytes bytes) {
        this.bytes = bytes;
        this.paths = paths;
        this.source = source;
        this.unpacker = unpacker;
    }

    /** Whether the layer is already unpacked here. */
    public boolean present(Digest digest) {
        return Files.isDirectory(paths.layer(digest.hex()), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The unpacked directory of {@code digest}, pulled from {@code repository} first if missing. Marks the
     * layer used now, so {@link #removeIfUnusedSince} spares it for the cache's keep period.
     */
    public Path ensure(String repository, Digest digest) throws LayerFailure {
        Path dir = paths.layer(digest.hex());
        markUsed(digest);
        if (present(digest)) {
            return dir;
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory(paths.layers(), "." + digest.hex() + ".");
            // A temp dir is 0700; the layer root becomes the container's "/" unless the tar says otherwise.
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            long t0 = System.nanoTime();
            FetchedBlob blob;
            try {
                blob = new FetchedBlob(source.open(repository, digest));
            } catch (IOException e) {
                throw downloadFailed(repository, digest, e);
            }
            long t1 = System.nanoTime();
            long tarBytes;
            try {
                tarBytes = unpacker.unpack(blob, staging);
            } catch (IOException e) {
                if (blob.sourceFailure() != null) {
                    throw downloadFailed(repository, digest, blob.sourceFailure());
                }
                // Bytes that are not the layer explain an unpack failure best: read the rest and compare.
                String actual = drainedHex(blob);
                if (actual != null && !actual.equals(digest.hex())) {
                    throw new DigestMismatch(repository, digest, actual);
                }
                throw e;
            }
            bytes.pulled(blob.bytesRead());
            // The unpack read the blob to its end: the digest covers every byte served.
            String actual = blob.hex();
            if (!actual.equals(digest.hex())) {
                throw new DigestMismatch(repository, digest, actual);
            }
            bytes.unpacked(tarBytes);
            long t2 = System.nanoTime();
            try {
                markUsed(digest);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (!present(digest)) {
                    throw e;
                }
                // Someone else finished the same layer first: theirs is as good as ours.
            }
            LOG.info("layer " + digest.hex().substring(0, 12) + " pulled: " + blob.bytesRead() / 1000 + " kB, "
                    + "request " + (t1 - t0) / 1_000_000 + " ms, download+hash+unpack streamed "
                    + (t2 - t1) / 1_000_000 + " ms, rename " + (System.nanoTime() - t2) / 1_000_000 + " ms");
            return dir;
        } catch (IOException e) {
            throw new LayerFailure("layer " + digest + " of " + repository + ": " + e.getMessage(), e);
        } finally {
            discard(staging);
        }
    }

    // a connection cut mid-body (the image store killed) often comes without a message of its own
    private static LayerFailure downloadFailed(String repository, Digest digest, IOException e) {
        return new LayerFailure("layer " + digest + " of " + repository + ": the download from the image "
                + "store failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    }

    /** The blob's digest after reading what is left of it; null when the rest cannot be read. */
    private static String drainedHex(FetchedBlob blob) {
        try (blob) {
            blob.drain();
            return blob.hex();
        } catch (IOException e) {
            return null;
        }
    }

    /** Every layer unpacked here. */
    public List<Digest> cached() {
        try (Stream<Path> list = Files.list(paths.layers())) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                    .map(Digest::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + paths.layers(), e);
        }
    }

    /** When a container last needed the layer (its unpack time if never since; epoch if unknown). */
    public synchronized Instant lastUse(Digest digest) {
        try {
            return Files.getLastModifiedTime(paths.layerUse(digest.hex())).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Deletes the layer if no {@link #ensure} marked it used at or after {@code cutoff}; the check and the
     * rename out of place happen under the lock {@code ensure} marks under, so a layer being taken into use
     * is never removed. Returns whether it was.
     */
    public boolean removeIfUnusedSince(Digest digest, Instant cutoff) throws IOException {
        Path doomed;
        synchronized (this) {
            if (!present(digest) || !lastUse(digest).isBefore(cutoff)) {
                return false;
            }
            doomed = paths.layers().resolve("." + digest.hex() + ".removing");
            Files.move(paths.layer(digest.hex()), doomed, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(paths.layerUse(digest.hex()));
        }
        DirectoryTree.delete(doomed);
        return true;
    }

    private synchronized void markUsed(Digest digest) {
        Path marker = paths.layerUse(digest.hex());
        try {
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark layer " + digest + " used", e);
        }
    }

    private static void discard(Path path) {
        if (path == null) {
            return;
        }
        try {
            DirectoryTree.delete(path);
        } catch (IOException e) {
            LOG.warning("could not delete " + path + ": " + e.getMessage());
        }
    }
}
