package io.berth.agent.lifecycle;

import io.berth.events.event.ContainerEvent;

/** Where the agent's facts go: Kafka's {@code container-events} in production, a list in tests. */
public interface EventSink {
    /** Publishes {@code event} durably, linked to the command envelope id {@code correlationId} (may be null). */
    void emit(ContainerEvent event, String correlationId);
}
