package io.berth.events.spec;

import io.berth.events.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkSpecTest {

    private static List<String> names(NetworkSpec s) {
        return s.attachments().stream().map(NetworkAttachment::network).toList();
    }

    @Test
    void connectAddsAfterTheFirstAndDisconnectPromotesTheNextOrLeavesNone() {
        NetworkSpec front = NetworkSpec.BRIDGE.on("front", List.of("web"));
        NetworkSpec both = front.connected("back", List.of("api"), "10.1.2.3");
        assertEquals(List.of("front", "back"), names(both));
        assertEquals(List.of("api"), both.aliasesOn("back"));
        assertEquals(List.of("web"), both.aliasesOn("front"));
        assertTrue(both.isOn("back"));

        NetworkSpec backOnly = both.disconnected("front");
        assertEquals("back", backOnly.mode());
        assertEquals("10.1.2.3", backOnly.ipv4Address());
        assertEquals(List.of("api"), backOnly.aliases());
        assertEquals(List.of("back"), names(backOnly));

        assertEquals(List.of("front"), names(both.disconnected("back")));
        NetworkSpec none = backOnly.disconnected("back");
        assertEquals("none", none.mode());
        assertTrue(none.detached());
        assertEquals(List.of(), names(none));

        NetworkSpec again = none.connected("front", List.of(), "");
        assertEquals("front", again.mode());
        assertFalse(again.detached());
    }

    @Test
    void theBridgeCountsAsANetworkHostNoneAndJoinedDoNot() {
        assertEquals(List.of("bridge", "n2"), names(NetworkSpec.BRIDGE.connected("n2", List.of(), "")));
        assertEquals(List.of(), names(NetworkSpec.BRIDGE.on("host", List.of())));
        assertEquals(List.of(), names(NetworkSpec.BRIDGE.on("container:abc", List.of())));
    }

    @Test
    void aSpecRoundTripsAndOneWrittenBeforeMoreNetworksLoads() {
        NetworkSpec both = NetworkSpec.BRIDGE.on("front", List.of("web")).connected("back", List.of("api"), "");
        assertEquals(both, Json.read(Json.write(both), NetworkSpec.class));
        NetworkSpec old = Json.read("{\"mode\":\"front\",\"aliases\":[\"web\"]}", NetworkSpec.class);
        assertEquals(List.of("front"), names(old));
        assertEquals(List.of(), old.more());
    }
}
