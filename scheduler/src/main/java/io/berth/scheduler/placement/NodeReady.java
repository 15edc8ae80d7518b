package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.Optional;

/** A node takes containers only while its state is {@code ready} and its heartbeat is younger than the TTL. */
public record NodeReady(long ttlMillis) implements NodeFilter {

    @Override
    public Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis) {
        if (node.state() != NodeState.READY) {
            return Optional.of("not ready (state " + node.state() + ")");
        }
        if (!node.alive(nowMillis, ttlMillis)) {
            return Optional.of("not ready (last heartbeat " + Quantities.seconds(nowMillis - node.lastHeartbeatMillis())
                    + " ago)");
        }
        return Optional.empty();
    }
}
