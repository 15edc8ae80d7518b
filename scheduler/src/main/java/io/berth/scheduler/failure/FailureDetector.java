package io.berth.scheduler.failure;

import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.Collection;
import java.util.List;

/**
 * Which nodes are down: a node not already marked down whose last heartbeat is older than the grace. Pure: the
 * records, the time and the grace are inputs.
 */
public final class FailureDetector {

    /** Ids of the nodes to mark down now, in the order given. */
    public static List<String> down(Collection<NodeRecord> nodes, long nowMillis, long graceMillis) {
        return nodes.stream()
                .filter(n -> n.state() != NodeState.DOWN)
                .filter(n -> nowMillis - n.lastHeartbeatMillis() > graceMillis)
                .map(NodeRecord::id)
                .toList();
    }

    private FailureDetector() {
    }
}
