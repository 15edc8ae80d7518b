package io.berth.scheduler.routing;

import io.berth.events.event.CommandFailed;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.reservation.Planner;

import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * Handles {@code container-events}: an update the node agent could not apply (the kernel refused a limit) leaves
 * the record as it was, so the reservation, resized before the command went to the node, follows the record back.
 */
public final class ResizeOnFailedUpdate {
    private static final Logger LOG = Logger.getLogger(ResizeOnFailedUpdate.class.getName());
    private final Planner planner;
    private final ConcurrentMap<String, String> containers;

    public ResizeOnFailedUpdate(Planner planner, ConcurrentMap<String, String> containers) {
        this.planner = planner;
        this.containers = containers;
    }

    public void handle(Envelope event) {
        // the scheduler's own refusal changed nothing, so following the record is then a no-op
        if (!(event.data() instanceof CommandFailed failed) || !"update".equals(failed.command())) {
            return;
        }
        JsonCas.get(containers, failed.containerId(), ContainerRecord.class).ifPresent(r ->
                planner.resize(r.id(), PlacementRequest.reservation(r.spec().resources())).ifPresent(why ->
                        LOG.warning("the reservation of " + r.id() + " stays at its updated size: " + why)));
    }
}
