package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Comparator;

/**
 * Spread: the best node has the fewest containers reserved, then the most free memory; the node id breaks
 * ties so the same snapshot always gives the same answer.
 */
public final class SpreadScore {
    public static final Comparator<NodeRecord> BEST_FIRST = Comparator
            .comparingInt((NodeRecord n) -> n.allocated().containers())
            .thenComparing(Comparator.comparingLong(SpreadScore::freeMemory).reversed())
            .thenComparing(NodeRecord::id);

    private SpreadScore() {
    }

    static long freeMemory(NodeRecord node) {
        return Math.max(0, node.capacity().memoryBytes() - node.allocated().memoryBytes());
    }
}
