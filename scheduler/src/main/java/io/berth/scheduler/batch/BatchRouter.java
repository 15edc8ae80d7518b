package io.berth.scheduler.batch;

import io.berth.events.Json;
import io.berth.events.command.CreateContainer;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.NodeRecord;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.metrics.SchedulerMeters;
import io.berth.scheduler.placement.BadPlacementRule;
import io.berth.scheduler.placement.BatchPlan;
import io.berth.scheduler.placement.ClusterSnapshot;
import io.berth.scheduler.placement.Placement;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.reservation.NodeSource;
import io.berth.scheduler.reservation.Planner;
import io.berth.scheduler.reservation.Reservation;
import io.berth.scheduler.routing.CommandRouter;
import io.berth.scheduler.routing.Outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Handles a polled batch of one partition's commands with a handful of round trips instead of five per create.
 * Runs of creates are placed together: held reservations read in one call, the rule-less
 * requests planned on one snapshot ({@link BatchPlan}), booked per node where each node's record lives
 * ({@link BookOnNodes}), their reservations written in one call, taken out of the nodes' {@code reserving} lists
 * in one call, and the records pointed at their nodes in one call (which answers each container's actor, or that
 * its record is gone); then each is announced and forwarded. Any other
 * command, a create with placement rules, host ports or volumes, and a lone create go through {@link CommandRouter}
 * one by one, in order (a command never overtakes an earlier one of its container: a non-create ends the run).
 * Every step is idempotent, as the single path's: a replayed batch re-announces placed records, keeps held
 * reservations, and books again on the node whose {@code reserving} still names the container.
 */
public final class BatchRouter {
    private static final Logger LOG = Logger.getLogger(BatchRouter.class.getName());
    private final CommandRouter single;
    private final Planner planner;
    private final BatchStore store;
    private final NodeSource view;
    private final BatchPlan plan;
    private final Outbox outbox;
    private final String source;
    private final SchedulerMeters meters;
    private final LongSupplier clock;
    private final int attempts;

    public BatchRouter(CommandRouter single, Planner planner, BatchStore store, NodeSource view, BatchPlan plan,
                       Outbox outbox, String source, SchedulerMeters meters, LongSupplier clock, int attempts) {
        this.single = single;
        this.planner = planner;
        this.store = store;
        this.view = view;
        this.plan = plan;
        this.outbox = outbox;
        this.source = source;
        this.meters = meters;
        this.clock = clock;
        this.attempts = attempts;
    }

    public void routeAll(List<Envelope> commands) {
        List<Envelope> run = new ArrayList<>();
        for (Envelope command : commands) {
            if (command.data() instanceof CreateContainer) {
                run.add(command);
            } else {
                placeAll(run);
                run.clear();
                single.route(command);
            }
        }
        placeAll(run);
    }

    private void placeAll(List<Envelope> creates) {
        if (creates.size() < 2) {
            creates.forEach(single::route);
            return;
        }
        long began = System.nanoTime();
        Map<String, Envelope> byId = new LinkedHashMap<>();
        List<Envelope> repeated = new ArrayList<>();
        for (Envelope e : creates) {
            meters.handled(e.type());
            if (byId.putIfAbsent(((CreateContainer) e.data()).containerId(), e) != null) {
                repeated.add(e);
            }
        }
        // No read of the records first: a placed record always holds its reservation (written before the record
        // names the node), so a replayed create is found by its reservation and re-placed on the same node (a
        // no-op); a record that is gone (the gateway gave up) is found at the last step, which releases it.
        Map<String, String> nodeOf = new LinkedHashMap<>();
        store.reservations(byId.keySet()).forEach((id, json) -> nodeOf.put(id, Json.read(json, Reservation.class).nodeId()));
        List<PlacementRequest> batch = new ArrayList<>();
        for (Map.Entry<String, Envelope> e : byId.entrySet()) {
            if (nodeOf.containsKey(e.getKey())) {
                continue;
            }
            ContainerSpec spec = ((CreateContainer) e.getValue().data()).spec();
            PlacementRequest request;
            try {
                request = PlacementRequest.of(e.getKey(), spec);
            } catch (BadPlacementRule bad) {
                outbox.emit(Envelope.of(new ContainerUnschedulable(e.getKey(), "invalid placement rule: "
                        + bad.getMessage()), source, e.getValue().id()));
                continue;
            }
            if (plain(request, spec)) {
                batch.add(request);
            } else {
                single.route(e.getValue());
            }
        }
        Map<String, PlacementRequest> booked = book(batch, byId, nodeOf);
        Map<String, String> reservations = new HashMap<>();
        Map<String, Set<String>> recordedPerNode = new HashMap<>();
        booked.forEach((id, request) -> {
            String node = nodeOf.get(id);
            reservations.put(id, Json.write(new Reservation(node, request.wants())));
            recordedPerNode.computeIfAbsent(node, n -> new HashSet<>()).add(id);
        });
        store.putReservations(reservations);
        // held reservations of a batch cut short after it wrote them: their nodes may still list them as reserving
        for (NodeRecord node : view.nodes()) {
            for (String id : node.reserving()) {
                if (node.id().equals(nodeOf.get(id)) && !booked.containsKey(id)) {
                    recordedPerNode.computeIfAbsent(node.id(), n -> new HashSet<>()).add(id);
                }
            }
        }
        store.recorded(recordedPerNode).forEach((node, json) -> {
            if (json != null) {
                view.wrote(Json.read(json, NodeRecord.class));
            }
        });
        Map<String, String> placed = store.place(nodeOf);
        for (Map.Entry<String, String> e : nodeOf.entrySet()) {
            String actor = placed.get(e.getKey());
            if (actor == null) {
                planner.release(e.getKey());
                LOG.info("released the reservation of " + e.getKey() + ": no record (the gateway gave up on it)");
                continue;
            }
            announceAndForward(byId.get(e.getKey()), e.getKey(), e.getValue(), Json.read(actor, ContainerActor.class));
        }
        long each = (System.nanoTime() - began) / Math.max(1, byId.size());
        booked.keySet().forEach(id -> meters.placement(true, each));
        repeated.forEach(single::route);
    }

    /** A request the batch can book on a node by itself: no rule reading other records, no port, no volume. */
    private static boolean plain(PlacementRequest request, ContainerSpec spec) {
        return request.constraints().isEmpty() && request.affinities().isEmpty() && request.hostPorts().isEmpty()
                && spec.mounts().stream().noneMatch(m -> "volume".equals(m.type()));
    }

    // Event first: the gateway answers 201 on it, and the agent's events must come after it (as CommandRouter).
    private void announceAndForward(Envelope command, String id, String nodeId, ContainerActor actor) {
        outbox.emit(Envelope.of(new ContainerScheduled(id, nodeId), source, command.id()).withActor(actor));
        outbox.forward(nodeId, command);
    }

    private void unschedulable(Envelope command, String reason) {
        meters.placement(false, 0);
        outbox.emit(Envelope.of(new ContainerUnschedulable(((CreateContainer) command.data()).containerId(), reason),
                source, command.id()));
    }

    /**
     * Books the requests: plans them on the view, books each node's share on its record, and plans what a node
     * refused (its record had changed) again on the fresher view, a bounded number of times. Each booked id goes
     * into {@code nodeOf} with its node; the ones that fit nowhere are answered unschedulable.
     */
    private Map<String, PlacementRequest> book(List<PlacementRequest> batch, Map<String, Envelope> byId,
                                               Map<String, String> nodeOf) {
        Map<String, PlacementRequest> booked = new LinkedHashMap<>();
        List<PlacementRequest> left = batch;
        Map<String, String> lastRefusal = new HashMap<>();
        boolean reloaded = false;
        for (int attempt = 1; attempt <= attempts && !left.isEmpty(); attempt++) {
            long now = clock.getAsLong();
            ClusterSnapshot snapshot = new ClusterSnapshot(view.nodes(), now);
            Map<String, String> reservingOn = new HashMap<>();
            snapshot.nodes().forEach(n -> n.reserving().forEach(id -> reservingOn.put(id, n.id())));
            List<PlacementRequest> toPlan = left.stream().filter(r -> !reservingOn.containsKey(r.containerId())).toList();
            List<Placement> planned = plan.plan(snapshot, toPlan);
            Map<String, Placement> placements = new HashMap<>();
            for (int i = 0; i < toPlan.size(); i++) {
                placements.put(toPlan.get(i).containerId(), planned.get(i));
            }
            Map<String, List<Want>> perNode = new LinkedHashMap<>();
            Map<String, PlacementRequest> asked = new HashMap<>();
            if (!reloaded && placements.values().stream().anyMatch(p -> !p.placed()) && view.reload()) {
                // nothing fit on the view, which may lag a node that joined a moment ago: plan again on the map
                reloaded = true;
                attempt--;
                continue;
            }
            for (PlacementRequest r : left) {
                String node = reservingOn.get(r.containerId());
                if (node == null) {
                    Placement p = placements.get(r.containerId());
                    if (!p.placed()) {
                        unschedulable(byId.get(r.containerId()), p.reason());
                        continue;
                    }
                    node = p.nodeId();
                }
                perNode.computeIfAbsent(node, n -> new ArrayList<>()).add(Want.of(r));
                asked.put(r.containerId(), r);
            }
            List<PlacementRequest> again = new ArrayList<>();
            store.book(perNode, now).forEach((node, result) -> {
                if (result.nodeJson() == null) {
                    view.stale(node);
                } else {
                    view.wrote(Json.read(result.nodeJson(), NodeRecord.class));
                }
                result.accepted().forEach(id -> {
                    booked.put(id, asked.get(id));
                    nodeOf.put(id, node);
                });
                result.refused().forEach((id, why) -> {
                    again.add(asked.get(id));
                    lastRefusal.put(id, why);
                });
            });
            left = again;
        }
        for (PlacementRequest r : left) {
            unschedulable(byId.get(r.containerId()), "could not reserve resources for " + r.containerId() + " after "
                    + attempts + " attempts: the nodes kept changing (last: " + lastRefusal.get(r.containerId()) + ")");
        }
        return booked;
    }
}
