package io.berth.scheduler.failure;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.ContainerLost;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.placement.Placer;
import io.berth.scheduler.reservation.NodesMap;
import io.berth.scheduler.reservation.Planner;
import io.berth.scheduler.reservation.ReservationsMap;
import io.berth.scheduler.routing.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeWatchTest {
    private static final long GRACE = 5_000;
    private static final String MOVES = "a".repeat(64);
    private static final String STAYS = "b".repeat(64);
    private final ConcurrentMap<String, String> nodes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> containers = new ConcurrentHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private final Outbox outbox = new Outbox() {
        @Override
        public void emit(Envelope event) {
            sent.add("event " + describe(event));
        }

        @Override
        public void forward(String nodeId, Envelope command) {
            sent.add(nodeId + " " + describe(command));
        }
    };
    private final Planner planner = new Planner(new Placer(TTL), new NodesMap(nodes), 
            new ReservationsMap(new ConcurrentHashMap<>()), () -> NOW, 8);
    private long now = NOW - GRACE - 1;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    };
    private final NodeWatch watch = new NodeWatch(nodes, containers,
            new Relocation(planner, containers, outbox, "/berth/scheduler/t"), outbox, "/berth/scheduler/t", GRACE,
            clock);

    // The watch has been ticking once a second for longer than the grace, on an empty cluster, before each test.
    @BeforeEach
    void watchedForLongerThanTheGrace() {
        while (now < NOW) {
            watch.tick();
            now = Math.min(NOW, now + 1_000);
        }
    }

    private static String describe(Envelope e) {
        Object d = e.data();
        if (d instanceof ContainerLost l) {
            return "lost " + l.containerId().charAt(0) + " " + l.reason();
        } else if (d instanceof ContainerScheduled s) {
            return "scheduled " + s.containerId().charAt(0) + " on " + s.nodeId();
        } else if (d instanceof CreateContainer c) {
            return "create " + c.containerId().charAt(0);
        } else if (d instanceof StartContainer s) {
            return "start " + s.containerId().charAt(0);
        } else if (d instanceof StopContainer s) {
            return "stop " + s.containerId().charAt(0);
        }
        return d.toString();
    }

    private void container(String id, String policy, String nodeId) {
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh")
                .restartPolicy(policy).build();
        ContainerRecord r = ContainerRecord.accepted(id, "c-" + id.charAt(0), spec, "{}", "2026-01-01T00:00:00Z")
                .withNode(nodeId).withDesired("running").running(42, "2026-01-01T00:00:01Z");
        containers.put(id, Json.write(r));
    }

    private ContainerRecord record(String id) {
        return JsonCas.get(containers, id, ContainerRecord.class).orElseThrow();
    }

    private String state(String nodeId) {
        return JsonCas.get(nodes, nodeId, NodeRecord.class).orElseThrow().state().wire();
    }

    @Test
    void aSilentNodeIsDownItsContainersLostAndThoseWithAPolicyMoved() {
        NodeRecord silent = node("n1", 8);
        nodes.put("n1", Json.write(new NodeRecord("n1", silent.address(), silent.capacity(), silent.allocated(),
                silent.labels(), NOW - GRACE - 1, NodeState.READY, 1, "6.1")));
        nodes.put("n2", Json.write(node("n2", 8)));
        container(MOVES, "always", "n1");
        container(STAYS, "no", "n1");

        watch.tick();

        assertEquals("down", state("n1"));
        assertEquals("ready", state("n2"));
        ContainerRecord moved = record(MOVES);
        assertEquals("n2", moved.nodeId());
        assertEquals(ContainerState.CREATED, moved.status());
        assertEquals(1, moved.restartCount(), "a move counts as a restart");
        ContainerRecord lost = record(STAYS);
        assertEquals("n1", lost.nodeId());
        assertEquals(ContainerState.EXITED, lost.status());
        assertEquals(255, lost.exitCode());
        assertEquals("node n1 is down", lost.error());
        assertEquals(List.of("event lost a node n1 is down", "event scheduled a on n2", "n2 create a", "n2 start a",
                "event lost b node n1 is down"), orderByContainer());

        sent.clear();
        watch.tick();
        assertEquals(List.of(), sent, "a second tick changes nothing");
    }

    @Test
    void aNodeBackBeforeItsContainerIsMovedKeepsItAndGetsNoSecondStart() {
        nodes.put("n1", Json.write(node("n1", 8).withState(NodeState.DOWN)));
        container(MOVES, "always", "n1");
        JsonCas.update(containers, MOVES, ContainerRecord.class, r -> r.exited(255, false, "2026-01-01T00:00:02Z"));
        // the watch read n1 down; its first heartbeat lands before the move: n1 is the only node placing can pick
        nodes.put("n1", Json.write(node("n1", 8)));
        ContainerRecord before = record(MOVES);

        assertEquals(java.util.Optional.empty(), new Relocation(planner, containers, outbox, "/berth/scheduler/t")
                .move(before, "n1"));

        assertEquals(List.of(), sent, "no create or start: the node's agent reports its exit and the restart rules act");
        assertEquals(Json.write(before), Json.write(record(MOVES)), "the record is unchanged (no extra restart)");
        assertEquals(1, planner.release(MOVES).stream().count(), "the container keeps a reservation on n1");
    }

    // containers are visited in map order; each one's messages keep theirs
    private List<String> orderByContainer() {
        List<String> a = sent.stream().filter(s -> s.contains(" a")).toList();
        List<String> b = sent.stream().filter(s -> s.contains(" b")).toList();
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aFreshHeartbeatKeepsTheNodeUp() {
        nodes.put("n1", Json.write(node("n1", 8)));
        container(MOVES, "always", "n1");
        watch.tick();
        assertEquals("ready", state("n1"));
        assertEquals("n1", record(MOVES).nodeId());
        assertEquals(List.of(), sent);
    }

    @Test
    void drainMovesPolicyContainersAndStopsTheOthers() {
        nodes.put("n1", Json.write(node("n1", 8).withState(NodeState.DRAINING)));
        nodes.put("n2", Json.write(node("n2", 8)));
        container(MOVES, "unless-stopped", "n1");
        container(STAYS, "no", "n1");

        watch.tick();

        assertEquals("n2", record(MOVES).nodeId());
        assertEquals("stopped", record(STAYS).desired());
        assertEquals(ContainerState.RUNNING, record(STAYS).status(), "the node reports the stop itself");
        assertEquals(List.of("event scheduled a on n2", "n2 create a", "n2 start a", "n1 stop b"), orderByContainer());
        sent.clear();
        watch.tick();
        assertEquals(List.of(), sent, "a drained node is drained once");
    }

    @Test
    void noNodeToMoveToLeavesTheContainerLostAndTriesAgain() {
        NodeRecord only = node("n1", 8);
        nodes.put("n1", Json.write(new NodeRecord("n1", only.address(), only.capacity(), only.allocated(),
                only.labels(), 0, NodeState.READY, 1, "6.1")));
        container(MOVES, "always", "n1");
        watch.tick();
        assertEquals("n1", record(MOVES).nodeId());
        assertEquals(List.of("event lost a node n1 is down"), sent);
        nodes.put("n2", Json.write(node("n2", 8)));
        watch.tick();
        assertEquals("n2", record(MOVES).nodeId(), "moved once a node is there");
    }

    @Test
    void aWatcherThatWasItselfStoppedGivesEveryNodeAFullGraceAgain() {
        NodeRecord frozen = node("n1", 8);
        nodes.put("n1", Json.write(new NodeRecord("n1", frozen.address(), frozen.capacity(), frozen.allocated(),
                frozen.labels(), NOW, NodeState.READY, 1, "6.1")));
        container(STAYS, "no", "n1");
        now = NOW + 130_000;
        watch.tick();
        assertEquals("ready", state("n1"), "the node's silence fell in the watcher's own pause");
        assertEquals(List.of(), sent);
        while (now <= NOW + 130_000 + GRACE) {
            now += 1_000;
            watch.tick();
        }
        assertEquals("down", state("n1"), "still silent a full grace after the watch resumed");
        assertEquals(List.of("event lost b node n1 is down"), sent);
    }
}
