package io.berth.events.wire;

import io.berth.events.Message;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A message with its CloudEvents attributes. {@code id} is unique and used for de-duplication;
 * {@code correlationId} links an event to the command's {@code id} that caused it (null on commands);
 * {@code actor} names the container the event is about (null when the emitter did not know it).
 */
public record Envelope(String id, String type, URI source, String subject, OffsetDateTime time,
                       String correlationId, Message data, ContainerActor actor) {

    /** An envelope without an actor. */
    public Envelope(String id, String type, URI source, String subject, OffsetDateTime time, String correlationId,
                    Message data) {
        this(id, type, source, subject, time, correlationId, data, null);
    }

    /** A new envelope for {@code data}, sent by {@code source} (e.g. {@code /berth/gateway}). */
    public static Envelope of(Message data, String source, String correlationId) {
        return new Envelope(UUID.randomUUID().toString(), MessageTypes.typeOf(data.getClass()), URI.create(source),
                data.containerId(), OffsetDateTime.now(ZoneOffset.UTC), correlationId, data);
    }

    /** The same envelope naming the container it is about. */
    public Envelope withActor(ContainerActor who) {
        return new Envelope(id, type, source, subject, time, correlationId, data, who);
    }

    /** The data, cast to the type the caller expects. */
    public <T extends Message> T as(Class<T> type) {
        return type.cast(data);
    }
}
