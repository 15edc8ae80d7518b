package io.berth.imagestore.storage;

import java.util.HashSet;
import java.util.Set;

/**
 * Guards blobs against a running garbage collection without stopping the registry: while a sweep is open,
 * every digest a client writes, reads or references is remembered, and the sweep deletes only digests that
 * were not. Protecting and deleting share one lock, so a client either protects a blob before the sweep
 * looks at it or finds it already gone (and uploads it again).
 */
public final class SweepFence {
    private Set<Digest> protectedDuringSweep;

    /** Called by every path that relies on a blob staying (upload, mount, HEAD/GET, manifest reference). */
    public synchronized void protect(Digest digest) {
        if (protectedDuringSweep != null) {
            protectedDuringSweep.add(digest);
        }
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
