package io.berth.gateway.bus;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.wire.Envelope;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventInboxTest {
    private final Vertx vertx = Vertx.vertx();
    private final EventInbox inbox = new EventInbox(vertx);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void firstMatchingEventOfThatContainerCompletesTheWait() throws Exception {
        EventInbox.Waiter w = inbox.await("c1", e -> e.data() instanceof ContainerDied, Duration.ofSeconds(5));
        inbox.deliver(Envelope.of(new ContainerDied("c2", "n", 1, false), "/t", null));
        inbox.deliver(Envelope.of(new ContainerScheduled("c1", "n"), "/t", null));
        assertFalse(w.future().isComplete());
        inbox.deliver(Envelope.of(new ContainerDied("c1", "n", 3, false), "/t", null));
        Envelope got = w.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(3, got.as(ContainerDied.class).exitCode());
        assertEquals(0, inbox.pending());
    }

    @Test
    void timeoutAndCancelLeaveNothingBehind() {
        EventInbox.Waiter w = inbox.await("c1", e -> true, Duration.ofMillis(50));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> w.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        EventInbox.Waiter c = inbox.await("c1", x -> true, null);
        c.cancel();
        assertEquals(0, inbox.pending());
    }

    @Test
    void listenersSeeEveryEvent() {
        int[] seen = {0};
        inbox.listen(e -> seen[0]++);
        inbox.deliver(Envelope.of(new ContainerScheduled("a", "n"), "/t", null));
        inbox.deliver(null);
        assertEquals(1, seen[0]);
    }
}
