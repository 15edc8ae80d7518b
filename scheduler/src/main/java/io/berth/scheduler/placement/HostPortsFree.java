package io.berth.scheduler.placement;

import io.berth.events.state.HostPortClaim;
import io.berth.events.state.NodeRecord;

import java.util.Optional;

/**
 * A node takes a request only when none of the host ports it publishes by number is held there by another container
 * (same protocol and port, overlapping address), refused in dockerd's words:
 * {@code Bind for 0.0.0.0:8080 failed: port is already allocated}.
 */
public final class HostPortsFree implements NodeFilter {

    @Override
    public Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis) {
        for (HostPortClaim wanted : request.hostPorts()) {
            for (HostPortClaim held : node.hostPortsOfOthers(request.containerId())) {
                if (held.overlaps(wanted)) {
                    return Optional.of("Bind for " + wanted.address() + " failed: port is already allocated");
                }
            }
        }
        return Optional.empty();
    }
}
