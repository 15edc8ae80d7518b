package io.berth.imagestore.storage;

import io.berth.events.spec.Digest;
import java.util.HashSet;
import java.util.Set;

/**
 * Guards blobs against a running garbage collection without stopping the registry: while a sweep is open,
 * every digest a client writes, reads or references is remembered, and the sweep deletes only digests that
 * were not. Writing a blob file (rename into place, mtime touch) happens under the same lock as a delete, so
 * either the delete came first (the new write stands, or the client finds the blob gone and uploads it
 * again) or the write and its protection did (the delete is skipped).
 */
public final class SweepFence {
    private Set<Digest> protectedDuringSweep;

    /** Called by every path that relies on a blob staying (upload, mount, HEAD/GET, manifest reference). */
    public synchronized void protect(Digest digest) {
        if (protectedDuringSweep != null) {
            protectedDuringSweep.add(digest);
        }
    }

    /** Work on a blob's file that must not interleave with a sweep's delete of it; protects the digest after. */
    public synchronized void protectAfter(Digest digest, FileWork work) throws java.io.IOException {
        work.run();
        protect(digest);
    }

    /** File work that may fail. */
    @FunctionalInterface
    public interface FileWork {
        void run() throws java.io.IOException;
    }

    public synchronized void open() {
        if (protectedDuringSweep != null) {
            throw new IllegalStateException("a sweep is already open");
        }
        protectedDuringSweep = new HashSet<>();
    }

    /** Runs {@code delete} unless {@code digest} was protected since {@link #open()}; true if it ran. */
    public synchronized boolean deleteUnlessProtected(Digest digest, Runnable delete) {
        if (protectedDuringSweep.contains(digest)) {
            return false;
        }
        delete.run();
        return true;
    }

    public synchronized void close() {
        protectedDuringSweep = null;
    }
}
