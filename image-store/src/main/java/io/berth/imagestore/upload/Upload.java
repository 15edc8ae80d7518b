package io.berth.imagestore.upload;

import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.RepositoryName;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/**
 * One blob upload in progress: its temp file and the running SHA-256 of the bytes appended so far, so the
 * digest is known the moment the last chunk lands. One request at a time may append ({@link #claim()}).
 */
public final class Upload {
    private final UUID id;
    private final RepositoryName name;
    private final Path file;
    private final Instant started;
    private final MessageDigest sha = Digest.sha256();
    private long size;
    private boolean busy;
    private Instant lastActivity;

    Upload(UUID id, RepositoryName name, Path file, Instant started) {
        this.id = id;
        this.name = name;
        this.file = file;
        this.started = started;
        this.lastActivity = started;
    }

    public UUID id() {
        return id;
    }

    public RepositoryName name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public Instant started() {
        return started;
    }

    public synchronized long size() {
        return size;
    }

    /** Takes the upload for one request; false if another request is appending. */
    public synchronized boolean claim() {
        if (busy) {
            return false;
        }
        busy = true;
        lastActivity = Instant.now();
        return true;
    }

    /** Not being written and untouched since before {@code cutoff}: a client that gave up. */
    synchronized boolean idleSince(Instant cutoff) {
        return !busy && lastActivity.isBefore(cutoff);
    }

    public synchronized void release() {
        busy = false;
    }

    /** Counts and hashes bytes as they are written to {@link #file()}. */
    public synchronized void appended(byte[] bytes) {
        sha.update(bytes);
        size += bytes.length;
    }

    /** The digest of everything appended so far (the running hash is not disturbed). */
    public synchronized Digest digest() {
        try {
            return Digest.of((MessageDigest) sha.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** The spec's {@code Range} header value: {@code 0-<last byte>} ({@code 0-0} while empty). */
    public synchronized String range() {
        return "0-" + Math.max(0, size - 1);
    }
}
