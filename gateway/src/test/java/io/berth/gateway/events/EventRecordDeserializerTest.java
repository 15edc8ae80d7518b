package io.berth.gateway.events;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.wire.CloudEventCodec;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventRecordDeserializerTest {
    private final EventRecordDeserializer deserializer = new EventRecordDeserializer();

    @Test
    void readsWhatTheCodecWritesAsTheCodecReadsIt() throws Exception {
        String id = "ab".repeat(32);
        List<Envelope> envelopes = List.of(
                Envelope.of(new ContainerScheduled(id, "n1"), "/berth/scheduler/s", "c-1")
                        .withActor(new ContainerActor("web", "busybox:1", Map.of("tier", "front", "a\"b", "x\ny"))),
                Envelope.of(new ContainerDied(id, "n1", 137, true, "lost \u00e9"), "/berth/node-agent/n1", null),
                Envelope.of(new ContainerNetworkChanged(id, "n1", "back", false), "/berth/node-agent/n1", "c")
                        .withActor(new ContainerActor("", "", Map.of())));
        for (Envelope e : envelopes) {
            byte[] bytes = CloudEventCodec.encode(e);
            assertNotNull(EventRecordDeserializer.read(bytes), "read in one pass: " + new String(bytes, StandardCharsets.UTF_8));
            assertEquals(CloudEventCodec.decode(bytes), deserializer.deserialize("container-events", bytes));
            assertEquals(e, deserializer.deserialize("container-events", bytes));
        }
    }

    @Test
    void anotherShapeGoesTheSdksWayAndWhatIsNoBerthMessageIsNull() throws Exception {
        String base64 = "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"berth.container.scheduled\","
                + "\"source\":\"/x\",\"subject\":\"c\",\"datacontenttype\":\"application/json\","
                + "\"data_base64\":\"eyJjb250YWluZXJJZCI6ImMiLCJub2RlSWQiOiJuIn0=\"}";
        byte[] bytes = base64.getBytes(StandardCharsets.UTF_8);
        assertNull(EventRecordDeserializer.read(bytes));
        assertEquals(CloudEventCodec.decode(bytes), deserializer.deserialize("container-events", bytes));
        assertNull(deserializer.deserialize("container-events", "not json".getBytes(StandardCharsets.UTF_8)));
        assertNull(deserializer.deserialize("container-events", ("{\"specversion\":\"1.0\",\"id\":\"1\","
                + "\"type\":\"no.such.type\",\"source\":\"/x\",\"datacontenttype\":\"application/json\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8)));
        assertNull(deserializer.deserialize("container-events", null));
    }

    @Test
    void timesAreReadAsTheGeneralParserReadsThem() {
        for (String t : List.of("2026-12-03T10:24:05Z", "2026-12-03T10:24:05.1Z", "2026-12-03T10:24:05.123456Z",
                "2026-12-03T10:24:05.123456789Z", "1999-01-31T23:59:59.000000001Z", "2026-12-03T10:24:05+02:00",
                "2026-12-03T10:24:05.5-01:30", "2026-12-03T10:24:05.Z")) {
            assertEquals(OffsetDateTime.parse(t), EventRecordDeserializer.time(t), t);
        }
        for (String bad : List.of("2026-13-03T10:24:05Z", "2026-12-03T10:24:05.1234567890Z",
                "2026-12-0xT10:24:05Z")) {
            assertThrows(DateTimeParseException.class, () -> EventRecordDeserializer.time(bad), bad);
        }
    }
}
