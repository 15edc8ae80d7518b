package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Optional;

/** A node takes containers only while its state is {@code ready} and its heartbeat is younger than the TTL. */
public record NodeReady(long ttlMillis) implements NodeFilter {

    @Override
    public Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis) {
        if (!"ready".equals(node.state())) {
            return Optional.of("not ready (state " + node.state() + ")");
        }
        if (!node.alive(nowMillis, ttlMillis)) {
            return Optional.of("not ready (last heartbeat " + Quantities.seconds(nowMillis - node.lastHeartbeatMillis())
                    + " ago)");
        }
        return Optional.empty();
    }
}
