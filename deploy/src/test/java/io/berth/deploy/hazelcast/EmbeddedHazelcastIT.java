package io.berth.deploy.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.deploy.testing.FreePorts;
import io.berth.events.Maps;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A real member on loopback, read and written by itself and by a client, as external nodes would. */
class EmbeddedHazelcastIT {

    @Test
    void memberAndClientShareMaps() {
        int port = FreePorts.take(1)[0];
        String cluster = "it-" + UUID.randomUUID();
        HazelcastInstance member = EmbeddedHazelcast.start(cluster, port);
        try {
            InetSocketAddress bound = (InetSocketAddress) member.getCluster().getLocalMember().getSocketAddress();
            assertEquals(port, bound.getPort());
            assertEquals("127.0.0.1", bound.getAddress().getHostAddress());
            IMap<String, String> names = member.getMap(Maps.NAMES);
            names.put("web", "c1");
            assertEquals("c1", names.get("web"));

            HazelcastInstance client = HazelcastClients.connect(cluster, List.of("127.0.0.1:" + port),
                    Duration.ofSeconds(20));
            try {
                assertEquals("c1", client.<String, String>getMap(Maps.NAMES).get("web"));
                client.<String, String>getMap(Maps.NAMES).put("db", "c2");
                assertEquals("c2", names.get("db"));
            } finally {
                client.shutdown();
            }
        } finally {
            member.shutdown();
        }
    }

    @Test
    void aTakenPortFailsLoudlyInsteadOfMovingOn() {
        int port = FreePorts.take(1)[0];
        HazelcastInstance first = EmbeddedHazelcast.start("it-" + UUID.randomUUID(), port);
        try {
            assertThrows(RuntimeException.class, () -> EmbeddedHazelcast.start("it-" + UUID.randomUUID(), port));
        } finally {
            first.shutdown();
        }
    }
}
