package io.berth.scheduler.reservation;

import io.berth.events.Json;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.HostPortClaim;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.placement.ClusterSnapshot;
import io.berth.scheduler.placement.Placement;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.placement.Placer;
import io.berth.scheduler.placement.Resident;
import io.berth.scheduler.placement.ResourceFit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Commits placements: places on a fresh snapshot, then reserves on the chosen node by compare-and-set,
 * re-checking the fit inside the update so two schedulers can never over-commit a node. A lost race
 * means a new snapshot and another try, a bounded number of times. Blocking (map calls): worker threads only.
 */
public final class Planner {
    private static final Logger LOG = Logger.getLogger(Planner.class.getName());
    private static final ResourceFit FIT = new ResourceFit();
    private final Placer placer;
    private final ConcurrentMap<String, String> nodes;
    private final NodeSource view;
    private final ConcurrentMap<String, String> reservations;
    private final ConcurrentMap<String, String> containers;
    private final LongSupplier clock;
    private final int attempts;

    public Planner(Placer placer, NodesMap nodes, ReservationsMap reservations, LongSupplier clock, int attempts) {
        this(placer, nodes, new MapNodes(nodes.map()), reservations, null, clock, attempts);
    }

    /**
     * @param nodes      where reservations are swapped in
     * @param view       what snapshots are read from (the map itself, or a local copy of it)
     * @param containers read for requests with affinity rules (which containers run where) and to spot host ports
     *                   still claimed by removed containers; null: neither
     */
    public Planner(Placer placer, NodesMap nodes, NodeSource view, ReservationsMap reservations,
                   ContainersMap containers, LongSupplier clock, int attempts) {
        this.view = view;
        this.containers = containers == null ? null : containers.map();
        this.placer = placer;
        this.nodes = nodes.map();
        this.reservations = reservations.map();
        this.clock = clock;
        this.attempts = attempts;
    }

    /** Places and reserves; a container that already holds a reservation (a replay) keeps it. */
    public Placement placeAndReserve(PlacementRequest request) {
        Optional<Reservation> held = JsonCas.get(reservations, request.containerId(), Reservation.class);
        if (held.isPresent()) {
            return Placement.on(held.get().nodeId());
        }
        Optional<Placement> booked = bookedByBatch(request);
        if (booked.isPresent()) {
            return booked.get();
        }
        releaseStaleClaims(request);
        Placement last = null;
        boolean reloaded = false;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            ClusterSnapshot snapshot = snapshot(request);
            last = placer.place(snapshot, request);
            if (!last.placed() && !reloaded && view.reload()) {
                reloaded = true;
                last = placer.place(snapshot(request), request);
            }
            if (!last.placed()) {
                return last;
            }
            if (reserve(seen(snapshot, last.nodeId()), request)) {
                reservations.put(request.containerId(), Json.write(new Reservation(last.nodeId(), request.wants())));
                return last;
            }
            LOG.fine("node " + last.nodeId() + " changed under container " + request.containerId() + ", attempt " + attempt);
        }
        return Placement.nowhere("could not reserve resources for " + request.containerId() + " after " + attempts
                + " attempts: the nodes kept changing (last choice: node " + last.nodeId() + ")");
    }

    /**
     * A batch that booked this container on a node and died before writing its reservation left it in that node's
     * {@code reserving} list (see {@code batch.NodeBooking}): the node already counts it, so the reservation is
     * written for that node and the container taken off the list, nothing reserved twice.
     */
    private Optional<Placement> bookedByBatch(PlacementRequest request) {
        String id = request.containerId();
        for (NodeRecord node : view.nodes()) {
            if (node.reserving().contains(id)) {
                reservations.put(id, Json.write(new Reservation(node.id(), request.wants())));
                JsonCas.update(nodes, node.id(), NodeRecord.class, n -> n.reserving().contains(id)
                        ? n.withReserving(n.reserving().stream().filter(r -> !r.equals(id)).toList()) : null)
                        .ifPresent(view::wrote);
                return Optional.of(Placement.on(node.id()));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code docker update}: the container's reservation becomes {@code wants} on the node it holds. A growth the
     * node cannot fit is refused with {@link ResourceFit}'s reason ({@code node n1: not enough memory (…)}) and
     * changes nothing; a shrink always fits. A container with no reservation (never placed) has nothing to resize.
     */
    public Optional<String> resize(String containerId, Capacity wants) {
        Optional<Reservation> held = JsonCas.get(reservations, containerId, Reservation.class);
        if (held.isEmpty() || held.get().capacity().equals(wants)) {
            return Optional.empty();
        }
        Reservation old = held.get();
        long now = clock.getAsLong();
        AtomicReference<String> refused = new AtomicReference<>();
        Optional<NodeRecord> written = JsonCas.update(nodes, old.nodeId(), NodeRecord.class, node -> {
            NodeRecord without = node.withAllocated(node.allocated().minus(old.capacity()));
            Optional<String> why = grows(old.capacity(), wants)
                    ? FIT.reject(without, new PlacementRequest(containerId, wants), now) : Optional.empty();
            refused.set(why.orElse(null));
            return why.isPresent() ? null : without.withAllocated(without.allocated().plus(wants));
        });
        if (refused.get() != null) {
            return Optional.of("node " + old.nodeId() + ": " + refused.get());
        }
        written.ifPresent(view::wrote);
        reservations.put(containerId, Json.write(new Reservation(old.nodeId(), wants)));
        return Optional.empty();
    }

    private static boolean grows(Capacity from, Capacity to) {
        return to.memoryBytes() > from.memoryBytes() || to.nanoCpus() > from.nanoCpus() || to.pids() > from.pids();
    }

    /** Gives back what {@code containerId} reserved, host ports included; a second call finds nothing and changes nothing. */
    public Optional<Reservation> release(String containerId) {
        String json = reservations.remove(containerId);
        if (json == null) {
            return Optional.empty();
        }
        Reservation reservation = Json.read(json, Reservation.class);
        JsonCas.update(nodes, reservation.nodeId(), NodeRecord.class,
                node -> node.withAllocated(node.allocated().minus(reservation.capacity()))
                        .withHostPorts(node.hostPortsOfOthers(containerId))
                        .withReserving(node.reserving().stream().filter(id -> !id.equals(containerId)).toList()))
                .ifPresent(view::wrote);
        return Optional.of(reservation);
    }

    /**
     * Swaps the reservation into the node's record. First against the record as the snapshot saw it (one map
     * call when the view is current); if the map holds anything else, by a fresh read-modify-write.
     */
    private boolean reserve(NodeRecord seen, PlacementRequest request) {
        long now = clock.getAsLong();
        String nodeId = seen.id();
        NodeRecord next = reserved(seen, request);
        if (placer.rejection(seen, request, now).isEmpty() && nodes.replace(nodeId, Json.write(seen), Json.write(next))) {
            view.wrote(next);
            return true;
        }
        Optional<NodeRecord> written = JsonCas.update(nodes, nodeId, NodeRecord.class, node ->
                placer.rejection(node, request, now).isEmpty() ? reserved(node, request) : null);
        written.ifPresentOrElse(view::wrote, () -> view.stale(nodeId));
        return written.isPresent();
    }

    /**
     * A host port the request wants may still be claimed by a container that is already gone: its agent removes the
     * record before it announces the removal, and {@code ReleaseOnRemoved} may not have run yet (`docker rm -f web`
     * then `docker run -p` of the same port). Such a holder's reservation is released here, as that event will.
     */
    private void releaseStaleClaims(PlacementRequest request) {
        if (containers == null || request.hostPorts().isEmpty()) {
            return;
        }
        for (NodeRecord node : view.nodes()) {
            for (HostPortClaim held : node.hostPortsOfOthers(request.containerId())) {
                if (request.hostPorts().stream().anyMatch(held::overlaps) && !containers.containsKey(held.containerId())) {
                    LOG.fine("releasing the host port claims of " + held.containerId() + ", removed, on node " + node.id());
                    if (release(held.containerId()).isEmpty()) {
                        // a claim without a reservation (a scheduler killed between the two writes): drop it alone
                        JsonCas.update(nodes, node.id(), NodeRecord.class,
                                n -> n.withHostPorts(n.hostPortsOfOthers(held.containerId()))).ifPresent(view::wrote);
                    }
                }
            }
        }
    }

    /** The node holding the request's resources and host ports too (a replay's own claims are not doubled). */
    private static NodeRecord reserved(NodeRecord node, PlacementRequest request) {
        List<HostPortClaim> ports = new ArrayList<>(node.hostPortsOfOthers(request.containerId()));
        ports.addAll(request.hostPorts());
        return node.withAllocated(node.allocated().plus(request.wants())).withHostPorts(ports);
    }

    private static NodeRecord seen(ClusterSnapshot snapshot, String nodeId) {
        return snapshot.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
    }

    private ClusterSnapshot snapshot(PlacementRequest request) {
        return new ClusterSnapshot(view.nodes(), clock.getAsLong(), request.affinities().isEmpty() ? List.of() : residents());
    }

    // A scan of every container: paid only by requests with affinity rules.
    private List<Resident> residents() {
        if (containers == null) {
            return List.of();
        }
        return containers.values().stream().map(json -> Json.read(json, ContainerRecord.class))
                .filter(c -> c.nodeId() != null)
                .map(c -> new Resident(c.id(), c.name(), c.nodeId(), c.spec() == null ? null : c.spec().labels()))
                .toList();
    }
}
