package io.berth.scheduler.routing;

import io.berth.events.wire.Envelope;

/** Where the scheduler's output goes; each call returns once the message is durable (Kafka in production). */
public interface Outbox {
    /** An event to {@code container-events}, keyed by its container id. */
    void emit(Envelope event);

    /** A command, unchanged, to {@code node-commands}, keyed by {@code nodeId}. */
    void forward(String nodeId, Envelope command);
}
