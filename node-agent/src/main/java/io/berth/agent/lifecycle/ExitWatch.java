package io.berth.agent.lifecycle;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ExitStatus;
import io.berth.events.event.ContainerDied;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a process exit into facts: records {@code exited}, emits {@code died}, releases the root and cgroup.
 * Runs on its own executor, never the command thread, so a remove waiting on the command thread for the
 * exit cannot deadlock with the exit's announcement.
 */
public final class ExitWatch {
    private static final Logger LOG = Logger.getLogger(ExitWatch.class.getName());
    /** What Docker reports when it cannot know how a process ended. */
    static final int UNKNOWN_EXIT = 255;
    private static final long RETRY_MILLIS = 1000;

    private final String nodeId;
    private final ContainerRuntime runtime;
    private final ConcurrentMap<String, String> records;
    private final ContainerTable table;
    private final EventSink events;
    private final Executor executor;
    private final Clock clock;

    public ExitWatch(String nodeId, ContainerRuntime runtime, ConcurrentMap<String, String> records,
                     ContainerTable table, EventSink events, Executor executor, Clock clock) {
        this.nodeId = nodeId;
        this.runtime = runtime;
        this.records = records;
        this.table = table;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    /** Tracks {@code tracked} and announces its exit whenever it comes (at once if it already came). */
    public void watch(Tracked tracked) {
        table.put(tracked);
        tracked.process().exit().whenCompleteAsync((status, error) -> settle(tracked, status, error), executor);
    }

    private void announce(Tracked tracked, int code, boolean oom, Instant at, String lost) {
        String id = tracked.id();
        boolean elsewhere = JsonCas.get(records, id, ContainerRecord.class)
                .map(r -> r.nodeId() != null && !nodeId.equals(r.nodeId())).orElse(false);
        if (!elsewhere) {
            JsonCas.update(records, id, ContainerRecord.class, r -> nodeId.equals(r.nodeId()) || r.nodeId() == null
                    ? withReason(r.exited(code, oom, Rfc3339.format(at)), lost) : null);
            events.emit(new ContainerDied(id, nodeId, code, oom, lost), tracked.diedCorrelation());
        }
    }

    private boolean tryAnnounce(Tracked tracked, int code, boolean oom, Instant at, String lost, int attempt) {
        try {
            announce(tracked, code, oom, at, lost);
            return true;
        } catch (RuntimeException e) {
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.log(Level.WARNING, "cannot announce the exit of container " + tracked.id() + " yet (try "
                        + attempt + "); retrying", e);
            }
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing an exit", e);
        }
    }

    private static ContainerRecord withReason(ContainerRecord exited, String lost) {
        return lost == null ? exited : exited.withError(lost);
    }

    private void settle(Tracked tracked, ExitStatus status, Throwable error) {
        String id = tracked.id();
        try {
            tracked.cancelPendingKill();
            if (error != null) {
                LOG.log(Level.WARNING, "lost the exit status of container " + id, error);
            }
            int code = status != null ? status.exitCode() : UNKNOWN_EXIT;
            boolean oom = status != null && status.oomKilled();
            Instant at = status != null && status.finishedAt() != null ? status.finishedAt() : clock.instant();
            // A stale copy (the container was placed on another node meanwhile) dies quietly: the record is theirs.
            String lost = status != null ? status.lostReason() : "the exit status was lost";
            // The exit is announced first and the root, cgroup and network released right after (an overlay umount
            // syncs the upper filesystem, a namespace takes a process to delete): a `docker run --rm` or `wait`
            // hears of the exit that much sooner, and whatever needs the container released — a start, a remove,
            // a copy from the stopped root — waits for `settled`, which completes only after the release. During
            // an outage the release does not wait for the announcement (it retries, maybe for long).
            boolean announced = tryAnnounce(tracked, code, oom, at, lost, 1);
            try {
                runtime.release(id, tracked.dir());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not release container " + id, e);
            }
            // An outage of Hazelcast or Kafka delays the announcement; it never drops it (exits stay in order:
            // this executor is single-threaded).
            for (int attempt = 2; !announced; attempt++) {
                pause();
                announced = tryAnnounce(tracked, code, oom, at, lost, attempt);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not announce the exit of container " + id, e);
        } finally {
            table.remove(tracked);
            tracked.settled().complete(null);
        }
    }
}
