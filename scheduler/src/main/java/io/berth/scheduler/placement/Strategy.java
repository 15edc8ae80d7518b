package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Comparator;
import java.util.Locale;

/** How the scheduler ranks the nodes that can take a container: {@code spread} (default) or {@code binpack}. */
public enum Strategy {
    /** Fewest containers first, then most free memory: load evens out, one node's loss hurts least. */
    SPREAD(SpreadScore.BEST_FIRST),
    /** Fullest node first (highest share of CPU or memory reserved), then most containers: keeps nodes free. */
    BINPACK(BinpackScore.BEST_FIRST);

    /** The container label that picks a strategy for one container: {@code -l berth.strategy=binpack}. */
    public static final String LABEL = "berth.strategy";

    private final Comparator<NodeRecord> bestFirst;

    Strategy(Comparator<NodeRecord> bestFirst) {
        this.bestFirst = bestFirst;
    }

    /** Best node first; the node id breaks every tie, so a snapshot always gives the same answer. */
    public Comparator<NodeRecord> bestFirst() {
        return bestFirst;
    }

    /** Parses {@code spread} or {@code binpack}, any case. */
    public static Strategy parse(String name) {
        for (Strategy strategy : values()) {
            if (strategy.name().equalsIgnoreCase(name.trim())) {
                return strategy;
            }
        }
        throw new BadPlacementRule("unknown strategy '" + name + "': expected spread or binpack");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
