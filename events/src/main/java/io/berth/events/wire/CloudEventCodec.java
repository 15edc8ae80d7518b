package io.berth.events.wire;

import io.berth.events.Json;
import io.berth.events.Message;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;

/**
 * Turns envelopes into CloudEvents 1.0 structured-mode JSON (the Kafka record value) and back.
 * Outside consumers read the same bytes with any CloudEvents SDK.
 */
public final class CloudEventCodec {
    /** The CloudEvents extension that links an event to its command. */
    public static final String CORRELATION_ID = "correlationid";
    private static final EventFormat FORMAT = new JsonFormat();

    public static byte[] encode(Envelope envelope) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.id())
                .withType(envelope.type())
                .withSource(envelope.source())
                .withSubject(envelope.subject())
                .withTime(envelope.time())
                .withData("application/json", Json.bytes(envelope.data()));
        if (envelope.correlationId() != null) {
            builder.withExtension(CORRELATION_ID, envelope.correlationId());
        }
        return FORMAT.serialize(builder.build());
    }

    /** Parses a record value; throws {@link IllegalArgumentException} on bytes that are not a Berth message. */
    public static Envelope decode(byte[] bytes) {
        CloudEvent event;
        try {
            event = FORMAT.deserialize(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CloudEvents JSON record: " + e.getMessage(), e);
        }
        Class<? extends Message> cls = MessageTypes.classOf(event.getType());
        if (event.getData() == null) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " of type " + event.getType() + " has no data");
        }
        Message data = Json.read(event.getData().toBytes(), cls);
        Object correlation = event.getExtension(CORRELATION_ID);
        return new Envelope(event.getId(), event.getType(), event.getSource(), event.getSubject(), event.getTime(),
                correlation == null ? null : correlation.toString(), data);
    }

    private CloudEventCodec() {
    }
}
