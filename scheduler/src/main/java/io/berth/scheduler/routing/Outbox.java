package io.berth.scheduler.routing;

import io.berth.events.wire.Envelope;

/**
 * Where the scheduler's output goes (Kafka in production). Messages may be buffered; all are durable once
 * {@link #flush} returns, every event before any forward, and the consumer commits its offsets only after that.
 */
public interface Outbox {
    /** An event to {@code container-events}, keyed by its container id. */
    void emit(Envelope event);

    /** A command, unchanged, to {@code node-commands}, keyed by {@code nodeId}. */
    void forward(String nodeId, Envelope command);

    /** Blocks until everything emitted and forwarded so far is durable; throws if any of it failed. */
    default void flush() {
    }
}
