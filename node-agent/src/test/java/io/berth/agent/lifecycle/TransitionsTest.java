package io.berth.agent.lifecycle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransitionsTest {
    @Test
    void startIsAllowedOnlyFromCreatedOrExited() {
        assertDoesNotThrow(() -> Transitions.canStart("c", Phase.CREATED));
        assertDoesNotThrow(() -> Transitions.canStart("c", Phase.EXITED));
        assertEquals(304, assertThrows(IllegalTransition.class, () -> Transitions.canStart("c", Phase.RUNNING)).status());
        assertEquals(404, assertThrows(IllegalTransition.class, () -> Transitions.canStart("c", Phase.ABSENT)).status());
    }

    @Test
    void stopAndKillNeedARunningProcess() {
        assertDoesNotThrow(() -> Transitions.canStop("c", Phase.RUNNING));
        assertEquals(304, assertThrows(IllegalTransition.class, () -> Transitions.canStop("c", Phase.EXITED)).status());
        assertDoesNotThrow(() -> Transitions.canKill("c", Phase.RUNNING));
        IllegalTransition kill = assertThrows(IllegalTransition.class, () -> Transitions.canKill("c", Phase.CREATED));
        assertEquals(409, kill.status());
        assertEquals(Phase.CREATED, kill.from());
    }

    @Test
    void removeNeedsForceOnlyWhenRunning() {
        assertDoesNotThrow(() -> Transitions.canRemove("web", Phase.ABSENT, false));
        assertDoesNotThrow(() -> Transitions.canRemove("web", Phase.EXITED, false));
        assertDoesNotThrow(() -> Transitions.canRemove("web", Phase.RUNNING, true));
        assertEquals(409, assertThrows(IllegalTransition.class,
                () -> Transitions.canRemove("web", Phase.RUNNING, false)).status());
    }
}
