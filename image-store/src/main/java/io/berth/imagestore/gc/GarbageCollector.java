package io.berth.imagestore.gc;

import io.berth.imagestore.manifest.ManifestDocument;
import io.berth.imagestore.manifest.ManifestInvalidException;
import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.RepositoryName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Deletes blobs no manifest references, while the registry keeps serving. A blob is deleted only if all hold:
 * <ol>
 *   <li>no manifest of any repository (linked by a push or named by a tag) references it, directly or
 *       through an index: the mark phase walks them all;</li>
 *   <li>it was written or claimed ({@link ContentStore#claim}: HEAD/GET, mount, named by a pushed manifest)
 *       before {@code start − grace}, so the blobs of a push still in flight (blobs first, manifest last)
 *       are never taken;</li>
 *   <li>no request protected it since the collection began ({@link io.berth.imagestore.storage.SweepFence}):
 *       the same requests do, so one that lands between this check and the delete still wins.</li>
 * </ol>
 * One collection at a time; blocking.
 */
public final class GarbageCollector {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
    private final ContentStore store;
    private final Clock clock;
    private final Duration grace;

    /** What one collection did. */
    public record Result(int marked, int deleted, long bytesFreed, Instant started) {
    }

    public GarbageCollector(ContentStore store, Clock clock, Duration grace) {
        this.store = store;
        this.clock = clock;
        this.grace = grace;
    }

    public synchronized Result collect() {
        Instant started = clock.instant();
        store.fence().open();
        try {
            Set<Digest> marked = mark();
            Instant cutoff = started.minus(grace);
            int deleted = 0;
            long freed = 0;
            for (Digest blob : store.blobs()) {
                if (marked.contains(blob)) {
                    continue;
                }
                Instant written = store.written(blob).orElse(null);
                if (written == null || !written.isBefore(cutoff)) {
                    continue;
                }
                long size = store.blob(blob).map(p -> p.toFile().length()).orElse(0L);
                if (store.fence().deleteUnlessProtected(blob, () -> store.deleteBlob(blob))) {
                    deleted++;
                    freed += size;
                }
            }
            Result result = new Result(marked.size(), deleted, freed, started);
            LOG.info("garbage collection: " + result);
            return result;
        } finally {
            store.fence().close();
        }
    }

    // Every manifest of every repository, and everything they reference; unreadable manifests keep what we can read.
    private Set<Digest> mark() {
        Set<Digest> marked = new HashSet<>();
        Deque<Digest> manifests = new ArrayDeque<>();
        for (String repository : store.repositories()) {
            manifests.addAll(store.manifests(RepositoryName.parse(repository)));
        }
        while (!manifests.isEmpty()) {
            Digest manifest = manifests.pop();
            if (!marked.add(manifest) || !store.has(manifest)) {
                continue;
            }
            try {
                ManifestDocument document = ManifestDocument.parse(store.read(manifest), null);
                marked.addAll(document.blobs());
                document.children().forEach(child -> manifests.push(child.digest()));
            } catch (ManifestInvalidException | java.io.UncheckedIOException e) {
                LOG.warning("garbage collection: cannot read manifest " + manifest + ": " + e.getMessage());
            }
        }
        return marked;
    }

}
