package io.berth.scheduler.routing;

import io.berth.scheduler.metrics.SchedulerMeters;
import io.berth.events.Json;
import io.berth.events.command.ContainerCommand;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.MessageTypes;
import io.berth.scheduler.placement.BadPlacementRule;
import io.berth.scheduler.placement.Placement;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.reservation.Planner;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * Handles one command from {@code container-commands} (docs/lifecycle.md): a create is placed, reserved,
 * recorded, announced and forwarded; any other command goes to the node that holds the container.
 * Every step is safe to repeat, because a command is redelivered if we stop before committing it.
 */
public final class CommandRouter {
    private static final Logger LOG = Logger.getLogger(CommandRouter.class.getName());
    private final Planner planner;
    private final ConcurrentMap<String, String> containers;
    private final Outbox outbox;
    private final String source;
    private final VolumeHomes volumes;
    private final SchedulerMeters meters;

    /** {@code source} is this instance's CloudEvents source, {@code /berth/scheduler/<instanceId>}. */
    public CommandRouter(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source) {
        this(planner, containers, outbox, source, SchedulerMeters.unscraped());
    }

    /** A router with no volumes known: containers are placed without regard to volume homes. */
    public CommandRouter(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source,
                         SchedulerMeters meters) {
        this(planner, containers, outbox, source, meters,
                new VolumeHomes(new java.util.concurrent.ConcurrentHashMap<>()));
    }

    /** A router that places containers with the volumes they mount. */
    public CommandRouter(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source,
                         VolumeHomes volumes) {
        this(planner, containers, outbox, source, SchedulerMeters.unscraped(), volumes);
    }

    /** A measured router that places containers with the volumes they mount. */
    public CommandRouter(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source,
                         SchedulerMeters meters, VolumeHomes volumes) {
        this.meters = meters;
        this.planner = planner;
        this.containers = containers;
        this.outbox = outbox;
        this.source = source;
        this.volumes = volumes;
    }

    public void route(Envelope command) {
        meters.handled(command.type());
        if (command.data() instanceof CreateContainer create) {
            create(command, create);
        } else if (command.data() instanceof ContainerCommand other) {
            forwardToHolder(command, other);
        } else {
            LOG.warning("ignoring " + command.type() + " " + command.id() + " on the command topic: not a command");
        }
    }

    private void create(Envelope command, CreateContainer create) {
        String id = create.containerId();
        String read = containers.get(id);
        Optional<ContainerRecord> record = Optional.ofNullable(read).map(json -> Json.read(json, ContainerRecord.class));
        if (record.isEmpty()) {
            LOG.info("skipping create of " + id + ": no record (the gateway gave up on it)");
            return;
        }
        if (record.get().nodeId() != null) {
            // A replay: placed and reserved before; announce and forward again, both idempotent downstream.
            announceAndForward(command, record.get(), record.get().nodeId());
            return;
        }
        PlacementRequest request;
        try {
            request = PlacementRequest.of(id, create.spec()).withVolumeNodes(volumes.of(create.spec()));
        } catch (BadPlacementRule e) {
            outbox.emit(Envelope.of(new ContainerUnschedulable(id, "invalid placement rule: " + e.getMessage()),
                    source, command.id()));
            return;
        }
        long began = System.nanoTime();
        Placement placement = planner.placeAndReserve(request);
        meters.placement(placement.placed(), System.nanoTime() - began);
        if (!placement.placed()) {
            outbox.emit(Envelope.of(new ContainerUnschedulable(id, placement.reason()), source, command.id()));
            return;
        }
        Optional<ContainerRecord> placed = recordPlacement(id, read, record.get(), placement.nodeId());
        if (placed.isEmpty()) {
            planner.release(id);
            LOG.info("released the reservation of " + id + ": its record vanished while placing (the gateway gave up)");
            return;
        }
        // before the agent hears of it: the agent makes the volumes' directories on the node named here
        volumes.claim(create.spec(), placement.nodeId());
        announceAndForward(command, placed.get(), placement.nodeId());
    }

    /** Sets the node on the record: one swap against the JSON read at the start, else a fresh read-modify-write. */
    private Optional<ContainerRecord> recordPlacement(String id, String read, ContainerRecord record, String nodeId) {
        ContainerRecord placed = record.withNode(nodeId);
        if (containers.replace(id, read, Json.write(placed))) {
            return Optional.of(placed);
        }
        return JsonCas.update(containers, id, ContainerRecord.class, r -> r.withNode(nodeId));
    }

    // Event first: the gateway answers 201 on it, and the agent's events must come after it.
    private void announceAndForward(Envelope command, ContainerRecord record, String nodeId) {
        outbox.emit(Envelope.of(new ContainerScheduled(record.id(), nodeId), source, command.id())
                .withActor(ContainerActor.of(record)));
        outbox.forward(nodeId, command);
    }

    private void forwardToHolder(Envelope command, ContainerCommand data) {
        String id = data.containerId();
        Optional<String> node = JsonCas.get(containers, id, ContainerRecord.class).map(ContainerRecord::nodeId);
        if (node.isEmpty()) {
            outbox.emit(Envelope.of(new CommandFailed(id, null, verb(data), 404, "No such container: " + id),
                    source, command.id()));
            return;
        }
        if (data instanceof StartContainer) {
            // a user's start (the policy's own restarts never pass here): dockerd resets the count and backoff
            JsonCas.update(containers, id, ContainerRecord.class, r -> r.restartCount() == 0
                    && r.restartDelayMillis() == 0 ? null : r.withRestartCount(0).withRestartDelay(0));
        }
        if (data instanceof UpdateContainer update) {
            Optional<String> refused = planner.resize(id, PlacementRequest.reservation(update.resources()));
            if (refused.isPresent()) {
                outbox.emit(Envelope.of(new CommandFailed(id, node.get(), "update", 409,
                        "Cannot update container " + id + ": " + refused.get()), source, command.id()));
                return;
            }
        }
        outbox.forward(node.get(), command);
    }

    /** {@code start}, {@code stop}, {@code kill}, {@code remove}: the last word of the CloudEvents type. */
    static String verb(ContainerCommand command) {
        String type = MessageTypes.typeOf(command.getClass());
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
