package io.berth.scheduler.routing;

import io.berth.events.event.ContainerRemoved;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.reservation.Planner;

import java.util.logging.Logger;

/** Handles {@code container-events}: a removed container gives its reservation back to its node. */
public final class ReleaseOnRemoved {
    private static final Logger LOG = Logger.getLogger(ReleaseOnRemoved.class.getName());
    private final Planner planner;

    public ReleaseOnRemoved(Planner planner) {
        this.planner = planner;
    }

    public void handle(Envelope event) {
        if (event.data() instanceof ContainerRemoved removed) {
            planner.release(removed.containerId()).ifPresent(r ->
                    LOG.fine("released " + r.capacity() + " of " + removed.containerId() + " on node " + r.nodeId()));
        }
    }
}
