package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.berth.scheduler.placement.Nodes.CPU;
import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch plans exactly what {@link Placer#place} gives one request at a time when each placement is applied to the
 * snapshot before the next — on random clusters (some nodes down, draining, nearly full, with labels) and random
 * mixes of requests (two shapes, both strategies, constraints), so the shared ordered sets never drift from the
 * full pass. And it never plans a node past its capacity.
 */
class BatchPlanTest {

    @Test
    void aBatchPlacesAsPlaceDoesOneByOne() {
        for (long seed = 1; seed <= 60; seed++) {
            Random random = new Random(seed);
            List<NodeRecord> nodes = randomNodes(random, 1 + random.nextInt(40));
            List<PlacementRequest> requests = randomRequests(random, 1 + random.nextInt(120));
            Placer placer = new Placer(TTL, random.nextBoolean() ? Strategy.SPREAD : Strategy.BINPACK);
            ClusterSnapshot snapshot = new ClusterSnapshot(nodes, NOW);

            List<Placement> batch = new BatchPlan(placer).plan(snapshot, requests);

            assertEquals(oneByOne(placer, snapshot, requests), batch, "seed " + seed);
        }
    }

    @Test
    void aBatchNeverPlansANodePastItsCapacity() {
        List<NodeRecord> nodes = List.of(Nodes.node("a", 4), Nodes.node("b", 2));
        List<PlacementRequest> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(new PlacementRequest("c" + i, new Capacity(0, GIB, 1)));
        }
        List<Placement> plan = new BatchPlan(new Placer(TTL)).plan(new ClusterSnapshot(nodes, NOW), requests);
        Map<String, Integer> per = new HashMap<>();
        plan.stream().filter(Placement::placed).forEach(p -> per.merge(p.nodeId(), 1, Integer::sum));
        assertEquals(Map.of("a", 4, "b", 2), per);
        assertFalse(plan.get(9).placed());
        assertTrue(plan.get(9).reason().startsWith("unschedulable: no node can take the container (2 nodes: 2 not enough memory)"),
                plan.get(9).reason());
    }

    private static List<Placement> oneByOne(Placer placer, ClusterSnapshot snapshot, List<PlacementRequest> requests) {
        List<NodeRecord> nodes = new ArrayList<>(snapshot.nodes());
        List<Placement> out = new ArrayList<>();
        for (PlacementRequest request : requests) {
            Placement p = placer.place(new ClusterSnapshot(nodes, NOW), request);
            out.add(p);
            if (p.placed()) {
                for (int i = 0; i < nodes.size(); i++) {
                    if (nodes.get(i).id().equals(p.nodeId())) {
                        nodes.set(i, nodes.get(i).withAllocated(nodes.get(i).allocated().plus(request.wants())));
                    }
                }
            }
        }
        return out;
    }

    private static List<NodeRecord> randomNodes(Random random, int count) {
        List<NodeRecord> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int gib = 1 + random.nextInt(8);
            Capacity used = new Capacity(random.nextInt(3) * CPU, random.nextInt(gib + 1) * GIB, random.nextInt(3));
            NodeState state = random.nextInt(10) == 0 ? NodeState.DRAINING : NodeState.READY;
            long beat = random.nextInt(12) == 0 ? NOW - 2 * TTL : NOW - 100;
            nodes.add(new NodeRecord("n" + i, "127.0.0.1:0", new Capacity(4 * CPU, gib * GIB, 1 + random.nextInt(6)),
                    used, Map.of("disk", random.nextBoolean() ? "ssd" : "hdd"), beat, state, 2, "6.1"));
        }
        return nodes;
    }

    private static List<PlacementRequest> randomRequests(Random random, int count) {
        List<PlacementRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Capacity wants = random.nextBoolean() ? new Capacity(0, GIB, 1) : new Capacity(CPU, 2 * GIB, 1);
            Strategy strategy = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> Strategy.SPREAD;
                default -> Strategy.BINPACK;
            };
            List<Constraint> constraints = random.nextInt(6) == 0
                    ? PlacementRules.read(List.of("constraint:node.labels.disk==ssd"), Map.of()).constraints() : List.of();
            requests.add(new PlacementRequest("c" + i, wants, constraints, List.of(), strategy));
        }
        return requests;
    }
}
