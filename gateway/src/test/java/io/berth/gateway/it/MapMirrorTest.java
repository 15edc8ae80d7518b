package io.berth.gateway.it;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.MapMirror;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's in-memory copy of a map, on a real Hazelcast member: what a gateway lists after a write it touched
 * is that write, at once; a write by someone else (another gateway, an agent) arrives through the entry events; a
 * mirror made later (a restarted gateway) starts with everything; two mirrors (two gateways) agree.
 */
class MapMirrorTest {
    private static HazelcastInstance hazelcast;
    private static final ContainerSpec SPEC = ContainerSpec.builder("busybox").imageId("sha256:0")
            .repository("library/busybox").manifestDigest("sha256:0").cmd("true").build();

    @BeforeAll
    static void start() {
        hazelcast = LoopbackHazelcast.start("berth-mirror-test-");
    }

    @AfterAll
    static void stop() {
        hazelcast.shutdown();
    }

    private static String record(String id, String name) {
        return Json.write(ContainerRecord.accepted(id, name, SPEC, "{}", "2026-12-01T00:00:00Z"));
    }

    private static Set<String> names(MapMirror<ContainerRecord> mirror) {
        return mirror.values().stream().map(ContainerRecord::name).collect(Collectors.toSet());
    }

    @Test
    void aTouchedWriteIsListedAtOnceAndOthersWritesFollowTheirEvents() throws Exception {
        IMap<String, String> map = hazelcast.getMap("mirror-a");
        map.set("c1", record("c1", "one"));
        try (MapMirror<ContainerRecord> gatewayA = new MapMirror<>(map, ContainerRecord.class);
             MapMirror<ContainerRecord> gatewayB = new MapMirror<>(map, ContainerRecord.class)) {
            assertEquals(Set.of("one"), names(gatewayA));
            for (int i = 0; i < 200; i++) {
                // each write is read back by the gateway that made it at once, with no wait for any event
                map.set("c1", record("c1", "name-" + i));
                gatewayA.touch("c1");
                assertEquals(Set.of("name-" + i), names(gatewayA));
            }
            map.set("c2", record("c2", "two"));
            map.delete("c1");
            gatewayA.touch("c2");
            gatewayA.touch("c1");
            assertEquals(Set.of("two"), names(gatewayA));
            // gateway B touched nothing: the entry events bring it to the same state
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!names(gatewayB).equals(Set.of("two")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Set.of("two"), names(gatewayB));
            // a gateway started now (a restart) loads what is there
            try (MapMirror<ContainerRecord> restarted = new MapMirror<>(map, ContainerRecord.class)) {
                assertEquals(Set.of("two"), names(restarted));
            }
        }
    }

    @Test
    void manyWritesByOthersAllArrive() throws Exception {
        IMap<String, String> map = hazelcast.getMap("mirror-b");
        try (MapMirror<ContainerRecord> mirror = new MapMirror<>(map, ContainerRecord.class)) {
            for (int i = 0; i < 2000; i++) {
                map.set("c" + i, record("c" + i, "n" + i));
            }
            for (int i = 0; i < 2000; i += 2) {
                map.delete("c" + i);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<ContainerRecord> seen = mirror.values();
            while (seen.size() != 1000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                seen = mirror.values();
            }
            assertEquals(1000, seen.size());
            assertTrue(seen.stream().allMatch(r -> Integer.parseInt(r.id().substring(1)) % 2 == 1));
        }
    }
}
