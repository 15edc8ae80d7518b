package io.berth.gateway.events;

import io.berth.events.event.ContainerCreated;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerEventTest {
    static final String ID = "ab".repeat(32);
    static final ContainerRecord WEB = ContainerRecord.accepted(ID, "web",
            ContainerSpec.builder("busybox").imageId("sha256:x").repository("library/busybox")
                    .manifestDigest("sha256:y").cmd("true").hostname("h").labels(Map.of("tier", "front")).build(),
            "{}", "2026-01-01T00:00:00Z");

    @Test
    void diedBecomesDieWithTheExitCodeAndOomFirst() {
        List<Map<String, Object>> events = DockerEvent.of(
                Envelope.of(new ContainerDied(ID, "n1", 137, true), "/t", null), WEB, 1_700_000_000_123_456_789L);
        assertEquals(List.of("oom", "die"), events.stream().map(e -> e.get("Action")).toList());
        Map<String, Object> die = events.get(1);
        assertEquals("container", die.get("Type"));
        assertEquals("die", die.get("status"));
        assertEquals(ID, die.get("id"));
        assertEquals("busybox", die.get("from"));
        assertEquals(1_700_000_000L, die.get("time"));
        assertEquals(1_700_000_000_123_456_789L, die.get("timeNano"));
        @SuppressWarnings("unchecked")
        Map<String, String> attrs = (Map<String, String>) ((Map<String, Object>) die.get("Actor")).get("Attributes");
        assertEquals(Map.of("exitCode", "137", "image", "busybox", "name", "web", "tier", "front"), attrs);
    }

    @Test
    void aLiveConnectOrDisconnectIsDockerdsNetworkEvent() {
        for (boolean connected : List.of(true, false)) {
            List<Map<String, Object>> events = DockerEvent.of(Envelope.of(
                    new io.berth.events.event.ContainerNetworkChanged(ID, "n1", "back", connected), "/t", null), WEB, 1);
            assertEquals(1, events.size());
            Map<String, Object> e = events.get(0);
            assertEquals("network", e.get("Type"));
            assertEquals(connected ? "connect" : "disconnect", e.get("Action"));
            assertEquals(Map.of("ID", io.berth.events.state.NetworkRecord.idOf("back"),
                    "Attributes", Map.of("container", ID, "name", "back", "type", "bridge")), e.get("Actor"));
            assertTrue(EventFilters.parse("{\"type\":[\"network\"],\"network\":[\"back\"]}").test(e));
            assertTrue(EventFilters.parse("{\"container\":[\"abab\"]}").test(e), "its container matches");
            assertFalse(EventFilters.parse("{\"type\":[\"container\"]}").test(e));
            assertFalse(EventFilters.parse("{\"network\":[\"front\"]}").test(e));
        }
    }

    @Test
    void lostBecomesDieWithCode255AndTheReason() {
        List<Map<String, Object>> events = DockerEvent.of(Envelope.of(
                new io.berth.events.event.ContainerLost(ID, "n1", "node n1 is down"), "/t", null), WEB, 1);
        assertEquals(List.of("die"), events.stream().map(e -> e.get("Action")).toList());
        @SuppressWarnings("unchecked")
        Map<String, String> attrs = (Map<String, String>) ((Map<String, Object>) events.get(0).get("Actor"))
                .get("Attributes");
        assertEquals(Map.of("exitCode", "255", "berth.lost", "node n1 is down", "image", "busybox", "name", "web",
                "tier", "front"), attrs);
    }

    @Test
    void scheduledIsCreateKilledCarriesTheSignalNumberAndCreatedIsSilent() {
        assertEquals("create", DockerEvent.of(Envelope.of(new ContainerScheduled(ID, "n"), "/t", null), WEB, 1)
                .get(0).get("Action"));
        Map<String, Object> kill = DockerEvent.of(Envelope.of(new ContainerKilled(ID, "n", "SIGTERM"), "/t", null),
                null, 1).get(0);
        assertEquals("15", ((Map<?, ?>) ((Map<?, ?>) kill.get("Actor")).get("Attributes")).get("signal"));
        assertTrue(DockerEvent.of(Envelope.of(new ContainerCreated(ID, "n"), "/t", null), WEB, 1).isEmpty());
    }

    @Test
    void theEnvelopesActorNamesARemovedContainerAndWinsOverARenamedRecord() {
        Envelope destroy = Envelope.of(new ContainerRemoved(ID, "n1"), "/t", "c")
                .withActor(new ContainerActor("web", "busybox", Map.of("tier", "front")));
        Map<String, Object> gone = DockerEvent.of(destroy, null, 1).get(0);
        assertEquals("destroy", gone.get("Action"));
        assertEquals("busybox", gone.get("from"));
        assertEquals(Map.of("image", "busybox", "name", "web", "tier", "front"),
                ((Map<?, ?>) gone.get("Actor")).get("Attributes"));
        assertTrue(EventFilters.parse("{\"container\":[\"web\"]}").test(gone));
        Map<String, Object> renamedSince = DockerEvent.of(destroy, WEB.withName("web2"), 1).get(0);
        assertEquals("web", ((Map<?, ?>) ((Map<?, ?>) renamedSince.get("Actor")).get("Attributes")).get("name"));
    }

    @Test
    void filtersMatchByContainerNameOrPrefixEventImageAndLabel() {
        Map<String, Object> die = DockerEvent.of(Envelope.of(new ContainerDied(ID, "n1", 0, false), "/t", null),
                WEB, 1).get(0);
        assertTrue(EventFilters.parse("{\"container\":{\"web\":true}}").test(die));
        assertTrue(EventFilters.parse("{\"container\":[\"abab\"]}").test(die));
        assertFalse(EventFilters.parse("{\"container\":[\"db\"]}").test(die));
        assertTrue(EventFilters.parse("{\"event\":[\"start\",\"die\"],\"type\":[\"container\"]}").test(die));
        assertFalse(EventFilters.parse("{\"event\":[\"start\"]}").test(die));
        assertTrue(EventFilters.parse("{\"image\":[\"busybox:latest\"]}").test(die));
        assertTrue(EventFilters.parse("{\"label\":[\"tier=front\"]}").test(die));
        assertTrue(EventFilters.parse("{\"label\":[\"tier\"]}").test(die));
        assertFalse(EventFilters.parse("{\"label\":[\"tier=back\"]}").test(die));
        assertThrows(ApiError.class, () -> EventFilters.parse("{\"colour\":[\"red\"]}"));
    }

    @Test
    void windowReadsUnixSecondsWithFractions() {
        EventWindow w = EventWindow.parse("1700000000.5", "1700000010");
        assertTrue(w.replays());
        assertTrue(w.bounded());
        assertTrue(w.contains(1_700_000_000_500_000_000L));
        assertFalse(w.contains(1_700_000_000_400_000_000L));
        assertFalse(w.contains(1_700_000_010_000_000_001L));
        assertFalse(EventWindow.parse(null, "").replays());
        assertThrows(ApiError.class, () -> EventWindow.parse("yesterday", null));
    }
}
