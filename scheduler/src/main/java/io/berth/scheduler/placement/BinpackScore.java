package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Comparator;

/**
 * Binpack: the best node is the fullest, by the larger of its reserved CPU and memory shares (a resource
 * the node does not declare counts as empty), then the one with most containers; the node id breaks ties.
 */
public final class BinpackScore {
    public static final Comparator<NodeRecord> BEST_FIRST = Comparator
            .comparingDouble(BinpackScore::fullness).reversed()
            .thenComparing(Comparator.comparingInt((NodeRecord n) -> n.allocated().containers()).reversed())
            .thenComparing(NodeRecord::id);

    private BinpackScore() {
    }

    static double fullness(NodeRecord node) {
        return Math.max(share(node.allocated().nanoCpus(), node.capacity().nanoCpus()),
                share(node.allocated().memoryBytes(), node.capacity().memoryBytes()));
    }

    private static double share(long used, long has) {
        return has <= 0 ? 0 : (double) used / has;
    }
}
