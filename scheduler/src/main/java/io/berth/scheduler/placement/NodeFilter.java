package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Optional;

/** One feasibility stage: says why a node cannot take the request, or nothing if it can. */
public interface NodeFilter {
    /** The reason, without the node's name (the caller prefixes it), e.g. {@code not enough memory (…)}. */
    Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis);
}
