package io.berth.scheduler.reservation;

import io.berth.events.state.NodeRecord;

import java.util.List;

/**
 * Where placement reads the node records from. A view may lag the map: every reservation re-checks the fit on
 * the record it swaps, so a stale view costs a retry, never an over-commit.
 */
public interface NodeSource {
    /** Every node record, as recently as this source knows them. */
    List<NodeRecord> nodes();

    /** This scheduler just wrote {@code node}; a view may take it in ahead of the map's own notice. */
    default void wrote(NodeRecord node) {
    }

    /** A reservation on {@code nodeId} failed its re-check: the view's copy of it is out of date. */
    default void stale(String nodeId) {
    }

    /**
     * Nothing fit on the view: it may lag the map (a node that joined a moment ago). Re-reads every node, at most
     * once a second, so a flood of unschedulable creates does not read the whole map each; true when it did.
     */
    default boolean reload() {
        return false;
    }
}
