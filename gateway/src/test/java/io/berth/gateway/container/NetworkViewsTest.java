package io.berth.gateway.container;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkViewsTest {
    private static final String ID = "ab".repeat(32);

    private static ContainerRecord running(NetworkSpec net) {
        return ContainerRecord.accepted(ID, "mid", ContainerSpec.builder("busybox").network(net).build(), "{}",
                "2026-01-01T00:00:00Z").running(1, "2026-01-01T00:00:01Z");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNetworkIsListedWithItsOwnAddressAndAliases() {
        NetworkSpec both = NetworkSpec.BRIDGE.on("front", List.of("web")).connected("back", List.of("api"), "");
        List<EndpointRecord> eps = List.of(
                new EndpointRecord(ID, "n1", "front", "10.86.5.2", 24, "10.86.5.1", "02:42:0a:56:05:02", List.of()),
                new EndpointRecord(ID, "n1", "back", "10.86.6.2", 24, "10.86.6.1", "02:42:0a:56:06:02", List.of(), "eth1"));
        Map<String, Object> networks = NetworkViews.networks(running(both), eps);
        assertEquals(List.of("front", "back"), List.copyOf(networks.keySet()));
        Map<String, Object> back = (Map<String, Object>) networks.get("back");
        assertEquals("10.86.6.2", back.get("IPAddress"));
        assertEquals("10.86.6.1", back.get("Gateway"));
        assertEquals(List.of("api", ID.substring(0, 12)), back.get("Aliases"));
        assertEquals("10.86.5.2", ((Map<String, Object>) networks.get("front")).get("IPAddress"));
    }

    @Test
    void afterTheLastDisconnectNetworksIsEmptyAsDockerdShowsIt() {
        NetworkSpec none = NetworkSpec.BRIDGE.on("front", List.of()).disconnected("front");
        assertEquals(Map.of(), NetworkViews.networks(running(none), List.of()));
        NetworkSpec askedNone = NetworkSpec.BRIDGE.on("none", List.of());
        assertEquals(List.of("none"), List.copyOf(NetworkViews.networks(running(askedNone), List.of()).keySet()));
    }
}
