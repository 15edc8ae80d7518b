package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MonitorInputTest {

    @Test
    void controlLinesAreWhatTheMonitorParses() {
        assertEquals("resize 40 120\n", MonitorInput.resizeLine(40, 120));
        assertEquals("close-stdin\n", MonitorInput.closeLine());
    }

    @Test
    void aSizeTheKernelCannotHoldIsRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> MonitorInput.resizeLine(0, 80));
        assertEquals("terminal size must be 1 to 65535 rows and columns, got 0x80", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MonitorInput.resizeLine(24, 65536));
        assertThrows(IllegalArgumentException.class, () -> MonitorInput.resizeLine(-1, 80));
    }
}
