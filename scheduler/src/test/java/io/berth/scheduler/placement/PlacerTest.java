package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static io.berth.scheduler.placement.Nodes.snapshot;
import static io.berth.scheduler.placement.Nodes.used;
import static io.berth.scheduler.placement.Nodes.wants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacerTest {
    private final Placer placer = new Placer(TTL);

    @Test
    void spreadPicksTheNodeWithFewestContainers() {
        Placement p = placer.place(snapshot(node("n1", 8, used(3, 1)), node("n2", 8, used(1, 1)), node("n3", 8, used(2, 0))),
                wants(0, 0));
        assertEquals(Placement.on("n2"), p);
    }

    @Test
    void spreadBreaksTiesByFreeMemoryThenById() {
        assertEquals("n2", placer.place(snapshot(node("n1", 8, used(1, 6)), node("n2", 8, used(1, 2))), wants(0, 0)).nodeId());
        assertEquals("a", placer.place(snapshot(node("b", 8), node("a", 8)), wants(0, 0)).nodeId());
    }

    @Test
    void theSameSnapshotAlwaysGivesTheSameAnswer() {
        List<NodeRecord> nodes = new ArrayList<>(List.of(node("n3", 4), node("n1", 4), node("n2", 4)));
        String first = placer.place(new ClusterSnapshot(nodes, NOW), wants(0, 0)).nodeId();
        java.util.Collections.reverse(nodes);
        assertEquals(first, placer.place(new ClusterSnapshot(nodes, NOW), wants(0, 0)).nodeId());
        assertEquals("n1", first);
    }

    @Test
    void placingOneByOneSpreadsEvenly() {
        Map<String, NodeRecord> cluster = new java.util.TreeMap<>(Map.of("n1", node("n1", 16), "n2", node("n2", 16), "n3", node("n3", 16)));
        for (int i = 0; i < 9; i++) {
            Placement p = placer.place(new ClusterSnapshot(List.copyOf(cluster.values()), NOW), wants(0, 1));
            NodeRecord chosen = cluster.get(p.nodeId());
            cluster.put(chosen.id(), chosen.withAllocated(chosen.allocated().plus(wants(0, 1).wants())));
        }
        cluster.values().forEach(n -> assertEquals(3, n.allocated().containers(), n.id()));
    }

    @Test
    void resourceFitSkipsNodesWithoutRoomAndSaysWhy() {
        Placement p = placer.place(snapshot(node("n1", 8, used(1, 1)), node("n2", 64)), wants(0, 16));
        assertEquals("n2", p.nodeId());
        Placement none = placer.place(snapshot(node("n1", 8, used(1, 1))), wants(0, 64));
        assertFalse(none.placed());
        assertEquals("unschedulable: no node can take the container (1 node: 1 not enough memory): "
                + "node n1: not enough memory (wants 64 GiB, 7 GiB free)", none.reason());
    }

    @Test
    void cpuIsCheckedAndWrittenForPeople() {
        NodeRecord busy = node("n1", 8, new Capacity(3_500_000_000L, 0, 1));
        Placement p = placer.place(snapshot(busy), wants(2, 0));
        assertEquals("unschedulable: no node can take the container (1 node: 1 not enough CPU): "
                + "node n1: not enough CPU (wants 2 CPUs, 0.5 CPUs free)", p.reason());
    }

    @Test
    void zeroRequestsAndUndeclaredCapacityAlwaysFit() {
        NodeRecord full = node("n1", 1, used(5, 1));
        assertTrue(placer.place(snapshot(full), wants(0, 0)).placed());
        NodeRecord undeclared = new NodeRecord("n2", "a", Capacity.ZERO, Capacity.ZERO, Map.of(), NOW, NodeState.READY, 2, "6");
        assertEquals("n2", placer.place(snapshot(undeclared), wants(64, 1024)).nodeId());
    }

    @Test
    void aFitExactlyAtTheLimitIsAllowed() {
        assertTrue(placer.place(snapshot(node("n1", 8, used(1, 4))), wants(4, 4)).placed());
        assertFalse(placer.place(snapshot(node("n1", 8, used(1, 4))), new PlacementRequest("c", new Capacity(0, 4 * GIB + 1, 1))).placed());
    }

    @Test
    void containerSlotsAreAResource() {
        NodeRecord slots = new NodeRecord("n1", "a", new Capacity(0, 0, 2), used(2, 0), Map.of(), NOW, NodeState.READY, 1, "6");
        assertEquals("unschedulable: no node can take the container (1 node: 1 full): node n1: full (2 of 2 containers)", placer.place(snapshot(slots), wants(0, 0)).reason());
    }

    @Test
    void staleAndDownNodesAreNotReady() {
        NodeRecord stale = new NodeRecord("n1", "a", Capacity.ZERO, Capacity.ZERO, Map.of(), NOW - TTL - 21_000, NodeState.READY, 1, "6");
        NodeRecord down = node("n2", 8).withState(NodeState.DOWN);
        Placement p = placer.place(snapshot(stale, down), wants(0, 0));
        assertEquals("unschedulable: no node is ready (2 nodes: 2 not ready): "
                + "node n1: not ready (last heartbeat 31s ago); node n2: not ready (state down)", p.reason());
        NodeRecord justAlive = new NodeRecord("n3", "a", Capacity.ZERO, Capacity.ZERO, Map.of(), NOW - TTL, NodeState.READY, 1, "6");
        assertEquals("n3", placer.place(snapshot(stale, justAlive), wants(0, 0)).nodeId());
    }

    @Test
    void anEmptyClusterHasNoReadyNode() {
        assertEquals("unschedulable: no node has joined the cluster", placer.place(snapshot(), wants(0, 0)).reason());
    }

    @Test
    void mixedRejectionsNameEveryNode() {
        Placement p = placer.place(snapshot(node("n1", 2), node("n2", 8).withState(NodeState.DRAINING)), wants(0, 4));
        assertEquals("unschedulable: no node can take the container (2 nodes: 1 not ready, 1 not enough memory): "
                + "node n1: not enough memory (wants 4 GiB, 2 GiB free); "
                + "node n2: not ready (state draining)", p.reason());
    }

    @Test
    void quantitiesReadNaturally() {
        assertEquals("512 MiB", Quantities.bytes(512L * 1024 * 1024));
        assertEquals("1.5 GiB", Quantities.bytes(GIB + GIB / 2));
        assertEquals("0 B", Quantities.bytes(0));
        assertEquals("1 CPU", Quantities.cpus(1_000_000_000L));
        assertEquals("0.25 CPUs", Quantities.cpus(250_000_000L));
        assertEquals("7 GiB", Quantities.bytes(7 * GIB + 1));
    }
}
