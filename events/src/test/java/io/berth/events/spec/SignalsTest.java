package io.berth.events.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignalsTest {
    @Test
    void acceptsDockersSpellings() {
        assertEquals(15, Signals.parse("SIGTERM", 9));
        assertEquals(15, Signals.parse("term", 9));
        assertEquals(15, Signals.parse("15", 9));
        assertEquals(10, Signals.parse("SIGUSR1", 9));
        assertEquals(9, Signals.parse("", 9));
        assertEquals(15, Signals.parse(null, 15));
    }

    @Test
    void refusesUnknownSignals() {
        assertEquals("Invalid signal: SIGNOPE",
                assertThrows(IllegalArgumentException.class, () -> Signals.parse("SIGNOPE", 9)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("0", 9));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("65", 9));
    }
}
