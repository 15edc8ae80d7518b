package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Comparator;
import java.util.List;

/**
 * The cluster as one placement sees it: every node record, in id order, the time it was read, and the
 * containers already placed (read only when the request has affinity rules; empty otherwise).
 */
public record ClusterSnapshot(List<NodeRecord> nodes, long nowMillis, List<Resident> residents) {
    public ClusterSnapshot {
        nodes = nodes.stream().sorted(Comparator.comparing(NodeRecord::id)).toList();
        residents = residents == null ? List.of() : List.copyOf(residents);
    }

    public ClusterSnapshot(List<NodeRecord> nodes, long nowMillis) {
        this(nodes, nowMillis, List.of());
    }
}
