package io.berth.events.wire;

import io.berth.events.event.ContainerDied;
import org.junit.jupiter.api.Test;

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
}
