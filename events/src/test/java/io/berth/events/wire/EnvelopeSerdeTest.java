package io.berth.events.wire;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerScheduled;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EnvelopeSerdeTest {
    @Test
    void kafkaSerdeRoundTripsAndSkipsGarbage() {
        Envelope e = Envelope.of(new ContainerDied("b".repeat(64), "n", 143, false), "/berth/agent", "c");
        byte[] bytes = new EnvelopeSerializer().serialize("container-events", e);
        assertEquals(e.data(), new EnvelopeDeserializer().deserialize("container-events", bytes).data());
        assertNull(new EnvelopeDeserializer().deserialize("container-events", new byte[]{1, 2, 3}));
        assertNull(new EnvelopeDeserializer().deserialize("container-events", null));
    }

    @Test
    void aDeserializerForSomeTypesSkipsTheRest() {
        EnvelopeDeserializer died = new EnvelopeDeserializer(Set.of(ContainerDied.class));
        Envelope e = Envelope.of(new ContainerDied("b".repeat(64), "n", 143, false), "/berth/agent", "c");
        byte[] bytes = new EnvelopeSerializer().serialize("container-events", e);
        assertEquals(e.data(), died.deserialize("container-events", bytes).data());
        byte[] other = new EnvelopeSerializer().serialize("container-events",
                Envelope.of(new ContainerScheduled("b".repeat(64), "n"), "/berth/scheduler", "c"));
        assertNull(died.deserialize("container-events", other));
        assertNull(died.deserialize("container-events", new byte[]{1, 2, 3}));
    }
}
