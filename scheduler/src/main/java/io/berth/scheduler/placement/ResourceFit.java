package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;

import java.util.Optional;

/**
 * A node takes a request when what it declares minus what is reserved covers it. A resource the node does not
 * declare (0) is not limited, and a request of 0 for a resource always fits, as Docker's "no limit".
 */
public final class ResourceFit implements NodeFilter {

    @Override
    public Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis) {
        Capacity has = node.capacity();
        Capacity used = node.allocated();
        Capacity wants = request.wants();
        if (wants.memoryBytes() > 0 && has.memoryBytes() > 0) {
            long free = Math.max(0, has.memoryBytes() - used.memoryBytes());
            if (free < wants.memoryBytes()) {
                return Optional.of("not enough memory (wants " + Quantities.bytes(wants.memoryBytes()) + ", "
                        + Quantities.bytes(free) + " free)");
            }
        }
        if (wants.nanoCpus() > 0 && has.nanoCpus() > 0) {
            long free = Math.max(0, has.nanoCpus() - used.nanoCpus());
            if (free < wants.nanoCpus()) {
                return Optional.of("not enough CPU (wants " + Quantities.cpus(wants.nanoCpus()) + ", "
                        + Quantities.cpus(free) + " free)");
            }
        }
        if (wants.pids() > 0 && has.pids() > 0) {
            long free = Math.max(0, has.pids() - used.pids());
            if (free < wants.pids()) {
                return Optional.of("not enough pids (wants " + wants.pids() + ", " + free + " free)");
            }
        }
        if (wants.containers() > 0 && has.containers() > 0 && used.containers() + wants.containers() > has.containers()) {
            return Optional.of("full (" + used.containers() + " of " + has.containers() + " containers)");
        }
        return Optional.empty();
    }
}
