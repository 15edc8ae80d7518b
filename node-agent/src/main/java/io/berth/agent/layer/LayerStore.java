package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Content-addressed layer directories: a layer is fetched to a temp file while hashed, refused on a digest
 * mismatch, unpacked into a temp directory beside its final place and renamed there in one step, so a
 * {@code layers/sha256/<hex>} directory is always complete. Unpacked once, shared by every container. Blocking.
 */
public final class LayerStore {
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
        Path blob = null;
        Path staging = null;
        try {
            blob = Files.createTempFile(paths.blobsTmp(), digest.hex() + ".", ".blob");
            long t0 = System.nanoTime();
            String actual;
            try {
                actual = download(repository, digest, blob);
            } catch (IOException e) {
                // a connection cut mid-body (the image store killed) often comes without a message of its own
                throw new LayerFailure("layer " + digest + " of " + repository + ": the download from the image "
                        + "store failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()),
                        e);
            }
            if (!actual.equals(digest.hex())) {
                throw new DigestMismatch(repository, digest, actual);
            }
            long t1 = System.nanoTime();
            staging = Files.createTempDirectory(paths.layers(), "." + digest.hex() + ".");
            // A temp dir is 0700; the layer root becomes the container's "/" unless the tar says otherwise.
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            bytes.unpacked(unpacker.unpack(blob, staging));
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
            java.util.logging.Logger.getLogger(LayerStore.class.getName()).info("layer " + digest.hex().substring(0, 12)
                    + " pulled: download+hash " + (t1 - t0) / 1_000_000 + " ms, unpack " + (t2 - t1) / 1_000_000
                    + " ms, rename " + (System.nanoTime() - t2) / 1_000_000 + " ms");
            return dir;
        } catch (IOException e) {
            throw new LayerFailure("layer " + digest + " of " + repository + ": " + e.getMessage(), e);
        } finally {
            discard(blob);
            discard(staging);
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

    private String download(String repository, Digest digest, Path blob) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = source.open(repository, digest);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(blob), sha256)) {
            bytes.pulled(in.transferTo(out));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void discard(Path path) {
        if (path == null) {
            return;
        }
        try {
            DirectoryTree.delete(path);
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(LayerStore.class.getName())
                    .warning("could not delete " + path + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
