package io.berth.scheduler.placement;

import io.berth.events.spec.Resources;
import io.berth.events.state.Capacity;

/** What one container asks of a node: its reservation (CPU, memory, one container slot). */
public record PlacementRequest(String containerId, Capacity wants) {

    /** The reservation for a container with these limits; zero means "no reservation" for that resource. */
    public static PlacementRequest of(String containerId, Resources resources) {
        return new PlacementRequest(containerId, new Capacity(resources.nanoCpus(), resources.memoryBytes(), 1));
    }
}
