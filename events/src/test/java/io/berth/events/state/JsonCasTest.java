package io.berth.events.state;

import io.berth.events.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCasTest {
    @Test
    void concurrentReservationsAreNeverLost() throws Exception {
        ConcurrentHashMap<String, String> nodes = new ConcurrentHashMap<>();
        NodeRecord node = new NodeRecord("n1", "127.0.0.1:1", new Capacity(2_000_000_000L, 1 << 30, 0),
                Capacity.ZERO, Map.of(), 0, NodeState.READY, 1, "6.1");
        nodes.put("n1", Json.write(node));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            pool.submit(() -> JsonCas.update(nodes, "n1", NodeRecord.class,
                    n -> n.withAllocated(n.allocated().plus(new Capacity(1, 1, 1)))));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(400, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated().containers());
    }

    @Test
    void heartbeatKeepsTheSchedulersReservation() {
        NodeRecord reserved = new NodeRecord("n1", "a", Capacity.ZERO, new Capacity(5, 5, 1), Map.of(), 0, NodeState.DOWN, 1, "k");
        NodeRecord beat = reserved.heartbeat("b", new Capacity(9, 9, 0), Map.of("disk", "ssd"), 10, 2, "k2");
        assertEquals(new Capacity(5, 5, 1), beat.allocated());
        assertEquals(NodeState.READY, beat.state());
        assertEquals("b", beat.address());
    }

    @Test
    void absentKeyWritesNothing() {
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        assertTrue(JsonCas.update(map, "x", NodeRecord.class, n -> n).isEmpty());
        assertTrue(map.isEmpty());
    }
}
