package io.berth.agent.heartbeat;

import io.berth.events.Json;
import io.berth.events.state.Capacity;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeartbeatTest {
    final ConcurrentHashMap<String, String> nodes = new ConcurrentHashMap<>();
    final NodeFacts facts = new NodeFacts("h:1", new Capacity(2_000_000_000L, 1 << 30, 0), Map.of(), 1, "6.1.0");

    private Heartbeat at(long millis) {
        return new Heartbeat("n1", facts, nodes, Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    private NodeRecord node() {
        return JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow();
    }

    @Test
    void registersThenRefreshesWithoutTouchingTheSchedulersAllocation() {
        at(1000).beat();
        assertEquals(new NodeRecord("n1", "h:1", facts.capacity(), Capacity.ZERO, Map.of(), 1000, NodeState.READY, 1, "6.1.0"),
                node());
        Capacity reserved = new Capacity(500_000_000L, 1 << 20, 1);
        JsonCas.update(nodes, "n1", NodeRecord.class, r -> r.withAllocated(reserved));
        at(2000).beat();
        assertEquals(reserved, node().allocated());
        assertEquals(2000, node().lastHeartbeatMillis());
    }

    @Test
    void aNodeMarkedDownComesBackReady() {
        nodes.put("n1", Json.write(new NodeRecord("n1", "old:1", null, null, null, 5, NodeState.DOWN, 1, "x")));
        at(3000).beat();
        assertEquals(NodeState.READY, node().state());
        assertEquals("h:1", node().address());
    }
}
