package io.berth.scheduler.failure;

import io.berth.events.ContainerState;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.placement.Placement;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.routing.VolumeHomes;
import io.berth.scheduler.reservation.Planner;
import io.berth.scheduler.routing.Outbox;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * Places a container again on another node under the same id and name, as Swarm recreates a task: the old
 * reservation is given back, a new one taken, the record points at the new node (status {@code created}, one
 * more restart), and the new node gets a create and a start. The old node, if it ever comes back, finds the
 * record pointing elsewhere and discards its copy. Blocking; safe to repeat (the record's node is the guard).
 */
public final class Relocation {
    private static final Logger LOG = Logger.getLogger(Relocation.class.getName());
    private final Planner planner;
    private final ConcurrentMap<String, String> containers;
    private final Outbox outbox;
    private final String source;
    private final VolumeHomes volumes;

    public Relocation(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source) {
        this(planner, containers, outbox, source, new VolumeHomes(new java.util.concurrent.ConcurrentHashMap<>()));
    }

    /** A relocation that keeps a container with the volumes it mounts (so one whose volume's node is down stays). */
    public Relocation(Planner planner, ConcurrentMap<String, String> containers, Outbox outbox, String source,
                      VolumeHomes volumes) {
        this.volumes = volumes;
        this.planner = planner;
        this.containers = containers;
        this.outbox = outbox;
        this.source = source;
    }

    /** Moves {@code record} off {@code fromNode}; returns the new node, or empty when no node can take it. */
    public Optional<String> move(ContainerRecord record, String fromNode) {
        String id = record.id();
        // The old node's reservation goes first: it is down or draining, so placing cannot pick it again.
        planner.release(id);
        Placement placement = planner.placeAndReserve(PlacementRequest.of(id, record.spec())
                .withVolumeNodes(volumes.of(record.spec())));
        if (!placement.placed()) {
            LOG.warning("container " + id + " stays on node " + fromNode + ": " + placement.reason());
            return Optional.empty();
        }
        String to = placement.nodeId();
        if (to.equals(fromNode)) {
            // The node came back between the watch reading it down and this placement (its first heartbeat after a
            // reboot or a restart of its agent). Its agent reports what it finds and the restart rules act on that
            // report; a create and start sent here too would start the container a second time, replacing the
            // process the agent's restart had just started. The reservation just taken there is the container's.
            LOG.info("container " + id + " stays on node " + fromNode + ": the node is back");
            return Optional.empty();
        }
        Optional<ContainerRecord> moved = JsonCas.update(containers, id, ContainerRecord.class,
                r -> fromNode.equals(r.nodeId())
                        ? r.withNode(to).withStatus(ContainerState.CREATED).withRestartCount(r.restartCount() + 1)
                        : null);
        if (moved.isEmpty()) {
            planner.release(id);
            return Optional.empty();
        }
        Envelope create = Envelope.of(new CreateContainer(id, record.name(), record.spec()), source, null);
        outbox.emit(Envelope.of(new ContainerScheduled(id, to), source, create.id()));
        outbox.forward(to, create);
        outbox.forward(to, Envelope.of(new StartContainer(id), source, create.id()));
        // the outbox holds forwards until a flush (the command loop flushes per poll; this is not on it)
        outbox.flush();
        LOG.info("moved container " + id + " from node " + fromNode + " to node " + to);
        return Optional.of(to);
    }
}
