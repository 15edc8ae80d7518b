package io.berth.scheduler.reservation;

import io.berth.events.Json;
import io.berth.events.state.Capacity;
import io.berth.events.spec.PortBinding;
import io.berth.events.state.HostPortClaim;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.placement.Placement;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.placement.Placer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {
    private final ConcurrentMap<String, String> reservations = new ConcurrentHashMap<>();

    private Planner planner(ConcurrentMap<String, String> nodes) {
        return new Planner(new Placer(TTL), new NodesMap(nodes), new ReservationsMap(reservations), () -> NOW, 8);
    }

    private static ConcurrentMap<String, String> cluster(NodeRecord... nodes) {
        ConcurrentMap<String, String> map = new ConcurrentHashMap<>();
        for (NodeRecord n : nodes) {
            map.put(n.id(), Json.write(n));
        }
        return map;
    }

    private static NodeRecord read(ConcurrentMap<String, String> nodes, String id) {
        return JsonCas.get(nodes, id, NodeRecord.class).orElseThrow();
    }

    private static PlacementRequest gib(String id, long gib) {
        return new PlacementRequest(id, new Capacity(0, gib * GIB, 1));
    }

    @Test
    void reservesOnTheChosenNodeAndRecordsIt() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8));
        Placement p = planner(nodes).placeAndReserve(gib("c1", 2));
        assertEquals(Placement.on("n1"), p);
        assertEquals(new Capacity(0, 2 * GIB, 1), read(nodes, "n1").allocated());
        assertEquals(new Reservation("n1", new Capacity(0, 2 * GIB, 1)), Json.read(reservations.get("c1"), Reservation.class));
    }

    @Test
    void aReplayKeepsItsReservationAndReservesNothingMore() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8), node("n2", 8));
        Planner planner = planner(nodes);
        String first = planner.placeAndReserve(gib("c1", 2)).nodeId();
        assertEquals(first, planner.placeAndReserve(gib("c1", 2)).nodeId());
        assertEquals(2 * GIB, read(nodes, "n1").allocated().memoryBytes() + read(nodes, "n2").allocated().memoryBytes());
    }

    private static PlacementRequest publishing(String id, int hostPort) {
        return gib(id, 1).withHostPorts(HostPortClaim.of(id, List.of(new PortBinding("", hostPort, hostPort, 80, "tcp"))));
    }

    @Test
    void aHostPortIsHeldFromPlacementUntilRemovalAndThenFreeAgain() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8), node("n2", 8));
        Planner planner = planner(nodes);
        String first = planner.placeAndReserve(publishing("c1", 18081)).nodeId();
        String second = planner.placeAndReserve(publishing("c2", 18081)).nodeId();
        assertFalse(first.equals(second), "two holders of one host port on one node");
        Placement third = planner.placeAndReserve(publishing("c3", 18081));
        assertFalse(third.placed());
        assertTrue(third.reason().contains("Bind for 0.0.0.0:18081 failed: port is already allocated"), third.reason());
        assertEquals(List.of(new HostPortClaim("c1", "", 18081, "tcp")), read(nodes, first).hostPorts());

        planner.release("c1");
        assertEquals(List.of(), read(nodes, first).hostPorts());
        assertEquals(Placement.on(first), planner.placeAndReserve(publishing("c3", 18081)));
        assertEquals(List.of(new HostPortClaim("c3", "", 18081, "tcp")), read(nodes, first).hostPorts());
    }

    @Test
    void aPortClaimedByAContainerWhoseRecordIsGoneIsReleasedBeforePlacing() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8));
        ConcurrentMap<String, String> records = new ConcurrentHashMap<>();
        Planner planner = new Planner(new Placer(TTL), new NodesMap(nodes), new MapNodes(nodes),
                new ReservationsMap(reservations), new ContainersMap(records), () -> NOW, 8);
        records.put("c1", "{}");
        assertTrue(planner.placeAndReserve(publishing("c1", 8080)).placed());
        records.put("c2", "{}");
        assertFalse(planner.placeAndReserve(publishing("c2", 8080)).placed(), "c1 still exists and holds 8080");
        // c1 removed by its agent; the scheduler has not read the removal yet
        records.remove("c1");
        assertEquals(Placement.on("n1"), planner.placeAndReserve(publishing("c2", 8080)));
        assertEquals(List.of(new HostPortClaim("c2", "", 8080, "tcp")), read(nodes, "n1").hostPorts());
        assertEquals(new Capacity(0, GIB, 1), read(nodes, "n1").allocated(), "c1's reservation went with its port");
        assertFalse(reservations.containsKey("c1"));
    }

    @Test
    void concurrentPlannersNeverGiveOneHostPortTwice() throws Exception {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 64), node("n2", 64), node("n3", 64));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Placement>> placed = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = "c" + i;
                Planner planner = new Planner(new Placer(TTL), new NodesMap(nodes), new ReservationsMap(reservations),
                        () -> NOW, 64);
                placed.add(pool.submit(() -> planner.placeAndReserve(publishing(id, 8080))));
            }
            int ok = 0;
            for (Future<Placement> f : placed) {
                ok += f.get(30, TimeUnit.SECONDS).placed() ? 1 : 0;
            }
            assertEquals(3, ok);
            for (String n : List.of("n1", "n2", "n3")) {
                assertEquals(1, read(nodes, n).hostPorts().size(), n);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releaseGivesBackOnceOnly() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8));
        Planner planner = planner(nodes);
        planner.placeAndReserve(gib("c1", 2));
        planner.placeAndReserve(gib("c2", 3));
        assertTrue(planner.release("c1").isPresent());
        assertFalse(planner.release("c1").isPresent());
        assertEquals(new Capacity(0, 3 * GIB, 1), read(nodes, "n1").allocated());
        assertFalse(reservations.containsKey("c1"));
    }

    @Test
    void losingTheRaceForANodeMeansAFreshSnapshotAndAnotherNode() {
        AtomicBoolean raced = new AtomicBoolean();
        // A competing scheduler fills n1 between our read and our compare-and-set.
        ConcurrentMap<String, String> nodes = new ConcurrentHashMap<>() {
            @Override
            public boolean replace(String key, String oldValue, String newValue) {
                if (key.equals("n1") && raced.compareAndSet(false, true)) {
                    NodeRecord n1 = Json.read(oldValue, NodeRecord.class);
                    super.replace(key, oldValue, Json.write(n1.withAllocated(new Capacity(0, 8 * GIB, 1))));
                    return false;
                }
                return super.replace(key, oldValue, newValue);
            }
        };
        nodes.putAll(cluster(node("n1", 8), node("n2", 4, new Capacity(0, 0, 1))));
        Placement p = planner(nodes).placeAndReserve(gib("c1", 4));
        assertTrue(raced.get());
        assertEquals(Placement.on("n2"), p);
        assertEquals(8 * GIB, read(nodes, "n1").allocated().memoryBytes());
        assertEquals(4 * GIB, read(nodes, "n2").allocated().memoryBytes());
    }

    @Test
    void concurrentPlannersNeverOverCommit() throws Exception {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 10), node("n2", 6));
        AtomicBoolean heartbeating = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch go = new CountDownLatch(1);
        // The agents keep heartbeating meanwhile: more writers on the same keys, more lost CAS rounds.
        Future<?> agents = pool.submit(() -> {
            while (heartbeating.get()) {
                for (String id : List.of("n1", "n2")) {
                    JsonCas.update(nodes, id, NodeRecord.class, n -> n.heartbeat(n.address(), n.capacity(), Map.of(),
                            NOW, 1, "6.1"));
                }
            }
        });
        List<Future<Integer>> placedPerThread = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            placedPerThread.add(pool.submit(() -> {
                go.await();
                Planner planner = new Planner(new Placer(TTL), new NodesMap(nodes), 
                        new ReservationsMap(reservations), () -> NOW, 1000);
                int placed = 0;
                for (int i = 0; i < 10; i++) {
                    if (planner.placeAndReserve(gib("c" + thread + "-" + i, 1)).placed()) {
                        placed++;
                    }
                }
                return placed;
            }));
        }
        go.countDown();
        int placed = 0;
        for (Future<Integer> f : placedPerThread) {
            placed += f.get(30, TimeUnit.SECONDS);
        }
        heartbeating.set(false);
        agents.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        assertEquals(16, placed, "exactly what fits: 10 GiB + 6 GiB");
        assertEquals(new Capacity(0, 10 * GIB, 10), read(nodes, "n1").allocated());
        assertEquals(new Capacity(0, 6 * GIB, 6), read(nodes, "n2").allocated());
        assertEquals(16, reservations.size());
    }

    @Test
    void resizeGrowsWithinTheNodeAndRefusesWhatDoesNotFit() {
        ConcurrentMap<String, String> nodes = cluster(node("n1", 8));
        Planner planner = planner(nodes);
        planner.placeAndReserve(gib("c1", 2));
        planner.placeAndReserve(gib("c2", 3));

        assertEquals(java.util.Optional.empty(), planner.resize("c1", new Capacity(0, 5 * GIB, 1)));
        assertEquals(new Capacity(0, 8 * GIB, 2), read(nodes, "n1").allocated());

        assertEquals(java.util.Optional.of("node n1: not enough memory (wants 6 GiB, 5 GiB free)"),
                planner.resize("c1", new Capacity(0, 6 * GIB, 1)));
        assertEquals(new Capacity(0, 8 * GIB, 2), read(nodes, "n1").allocated(), "a refusal changes nothing");

        assertEquals(java.util.Optional.empty(), planner.resize("c1", new Capacity(0, GIB, 1)));
        assertEquals(new Capacity(0, 4 * GIB, 2), read(nodes, "n1").allocated());
        planner.release("c1");
        assertEquals(new Capacity(0, 3 * GIB, 1), read(nodes, "n1").allocated(), "the release gives the new size back");
    }
}
