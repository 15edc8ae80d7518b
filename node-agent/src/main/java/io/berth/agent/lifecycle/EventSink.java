package io.berth.agent.lifecycle;

import io.berth.events.event.ContainerEvent;
import io.berth.events.wire.ContainerActor;

/** Where the agent's facts go: Kafka's {@code container-events} in production, a list in tests. */
public interface EventSink {
    /** Publishes {@code event} durably, linked to the command envelope id {@code correlationId} (may be null). */
    void emit(ContainerEvent event, String correlationId);

    /** As {@link #emit(ContainerEvent, String)}, naming the container as {@code actor} (its record may be gone). */
    default void emit(ContainerEvent event, String correlationId, ContainerActor actor) {
        emit(event, correlationId);
    }
}
