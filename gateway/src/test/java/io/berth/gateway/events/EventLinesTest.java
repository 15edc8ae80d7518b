package io.berth.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.event.ContainerStarted;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventLinesTest {
    private static final String OTHER = "cd".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventReader.Timed named = new EventReader.Timed(Envelope.of(
            new ContainerStarted(OTHER, "n", 1), "/t", null).withActor(new ContainerActor("db", "postgres",
            Map.of())), 1_000_000_000L);
    private final EventReader.Timed unnamed = new EventReader.Timed(Envelope.of(
            new ContainerDied(DockerEventTest.ID, "n", 3, false), "/t", null), 2_000_000_000L);
    private final EventReader.Timed network = new EventReader.Timed(Envelope.of(
            new ContainerNetworkChanged(OTHER, "n", "back", true), "/t", null), 3_000_000_000L);

    @Test
    void onlyEventsWithoutAnActorNeedTheirRecord() {
        assertEquals(Set.of(DockerEventTest.ID), EventLines.unnamed(List.of(named, unnamed, network)));
    }

    @Test
    void aBatchIsOneLinePerPassingEventInOrderNamedFromTheActorOrTheRecord() throws Exception {
        String all = EventLines.encode(List.of(named, unnamed, network),
                Map.of(DockerEventTest.ID, DockerEventTest.WEB), EventFilters.parse(null)).toString();
        List<JsonNode> lines = all.lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(List.of("start", "die", "connect"), lines.stream().map(l -> l.get("Action").asText()).toList());
        assertEquals("db", lines.get(0).at("/Actor/Attributes/name").asText());
        assertEquals("web", lines.get(1).at("/Actor/Attributes/name").asText(), "from the record");
        assertEquals("3", lines.get(1).at("/Actor/Attributes/exitCode").asText());
        assertEquals(2_000_000_000L, lines.get(1).get("timeNano").asLong());
        assertEquals('\n', all.charAt(all.length() - 1));

        String dies = EventLines.encode(List.of(named, unnamed, network), Map.of(),
                EventFilters.parse("{\"event\":[\"die\"]}")).toString();
        assertEquals(1, dies.lines().count());
        assertEquals("", JSON.readTree(dies).at("/Actor/Attributes/name").asText(""), "record gone: no name");
    }
}
