package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Comparator;
import java.util.List;

/** The cluster as one placement sees it: every node record, in id order, and the time it was read. */
public record ClusterSnapshot(List<NodeRecord> nodes, long nowMillis) {
    public ClusterSnapshot {
        nodes = nodes.stream().sorted(Comparator.comparing(NodeRecord::id)).toList();
    }
}
