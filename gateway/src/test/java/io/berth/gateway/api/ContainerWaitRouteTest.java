package io.berth.gateway.api;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerWaitRouteTest {
    private static final ContainerSpec SPEC = ContainerSpec.builder("busybox").imageId("sha256:c")
            .repository("library/busybox").manifestDigest("sha256:m").cmd("true").hostname("h").restartPolicy("no")
            .build();
    private static final ContainerRecord RUNNING = ContainerRecord.accepted("c1", "n", SPEC, "{}", "2026-01-01T00:00:00Z")
            .running(42, "2026-01-01T00:00:01Z");

    @Test
    void aConditionThatCameTrueBeforeTheWaiterListenedIsSeenOnTheSecondRead() {
        ContainerRecord exited = RUNNING.exited(3, false, "2026-01-01T00:00:02Z");
        assertTrue(ContainerWaitRoute.holds("not-running", Optional.of(exited)));
        assertFalse(ContainerWaitRoute.holds("not-running", Optional.of(RUNNING)));
        assertTrue(ContainerWaitRoute.holds("not-running", Optional.empty()), "removed is not running either");
        assertTrue(ContainerWaitRoute.holds("removed", Optional.empty()));
        assertFalse(ContainerWaitRoute.holds("removed", Optional.of(exited)), "exited is not yet removed");
    }

    @Test
    void removedWaitsPastTheDeathButKeepsItsExitCode() {
        AtomicInteger code = new AtomicInteger();
        var until = ContainerWaitRoute.until("removed", code);
        assertFalse(until.test(Envelope.of(new ContainerDied("c1", "node", 7, false), "/t", null)));
        assertEquals(7, code.get());
        assertTrue(until.test(Envelope.of(new ContainerRemoved("c1", "node"), "/t", null)));
    }
}
