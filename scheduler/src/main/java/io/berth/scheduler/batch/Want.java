package io.berth.scheduler.batch;

import io.berth.events.state.Capacity;
import io.berth.scheduler.placement.PlacementRequest;

import java.io.Serializable;

/** A rule-less request as it travels to the member that books it: the container and what it reserves. */
public record Want(String containerId, long nanoCpus, long memoryBytes, int containers, long pids)
        implements Serializable {

    public static Want of(PlacementRequest request) {
        Capacity c = request.wants();
        return new Want(request.containerId(), c.nanoCpus(), c.memoryBytes(), c.containers(), c.pids());
    }

    public PlacementRequest request() {
        return new PlacementRequest(containerId, new Capacity(nanoCpus, memoryBytes, containers, pids));
    }
}
