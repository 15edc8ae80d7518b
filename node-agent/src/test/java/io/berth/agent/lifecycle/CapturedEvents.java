package io.berth.agent.lifecycle;

import io.berth.events.event.ContainerEvent;
import io.berth.events.wire.ContainerActor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The facts emitted during a test, in order, with their correlation ids. */
final class CapturedEvents implements EventSink {
    record Emitted(ContainerEvent event, String correlationId, ContainerActor actor) {
    }

    final List<Emitted> all = new CopyOnWriteArrayList<>();

    @Override
    public void emit(ContainerEvent event, String correlationId) {
        all.add(new Emitted(event, correlationId, null));
    }

    @Override
    public void emit(ContainerEvent event, String correlationId, ContainerActor actor) {
        all.add(new Emitted(event, correlationId, actor));
    }

    Emitted last() {
        return all.get(all.size() - 1);
    }

    /** Waits until {@code count} events were emitted (exits are announced on another thread). */
    void awaitCount(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (all.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events, got " + all);
            }
            Thread.sleep(5);
        }
    }
}
