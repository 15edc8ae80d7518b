package io.berth.scheduler.failure;

import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.Collection;
import java.util.List;

/**
 * Which nodes are down: a node not already marked down that has been silent for longer than the grace while
 * someone watched. Silence before the watch began does not count (a watcher that was itself stopped, paused
 * or just took over gives every node a full grace, as Nomad resets its heartbeat timers on a new leader).
 * Pure: the records, the time, the grace and the watch's start are inputs.
 */
public final class FailureDetector {

    /** Ids of the nodes to mark down now, in the order given, counting silence from {@code watchingSinceMillis}. */
    public static List<String> down(Collection<NodeRecord> nodes, long nowMillis, long graceMillis,
                                    long watchingSinceMillis) {
        return nodes.stream()
                .filter(n -> n.state() != NodeState.DOWN)
                .filter(n -> nowMillis - Math.max(n.lastHeartbeatMillis(), watchingSinceMillis) > graceMillis)
                .map(NodeRecord::id)
                .toList();
    }

    private FailureDetector() {
    }
}
