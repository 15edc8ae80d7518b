package io.berth.events.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.events.Json;
import io.berth.events.Message;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;

import java.util.Map;

/**
 * Turns envelopes into CloudEvents 1.0 structured-mode JSON (the Kafka record value) and back.
 * Outside consumers read the same bytes with any CloudEvents SDK.
 */
public final class CloudEventCodec {
    /** The CloudEvents extension that links an event to its command. */
    public static final String CORRELATION_ID = "correlationid";
    /** Extensions naming the container an event is about: its name, image, and labels as a JSON object. */
    public static final String ACTOR_NAME = "actorname";
    public static final String ACTOR_IMAGE = "actorimage";
    public static final String ACTOR_LABELS = "actorlabels";
    static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
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
        if (envelope.actor() != null) {
            builder.withExtension(ACTOR_NAME, envelope.actor().name())
                    .withExtension(ACTOR_IMAGE, envelope.actor().image())
                    .withExtension(ACTOR_LABELS, Json.write(envelope.actor().labels()));
        }
        return FORMAT.serialize(builder.build());
    }

    /** Parses a record value; throws {@link IllegalArgumentException} on bytes that are not a Berth message. */
    public static Envelope decode(byte[] bytes) {
        Envelope fast = StructuredReader.read(bytes);
        return fast != null ? fast : decodeWithSdk(bytes);
    }

    /** The CloudEvents SDK's reading of a record, for what {@link StructuredReader} leaves to it. */
    static Envelope decodeWithSdk(byte[] bytes) {
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
                correlation == null ? null : correlation.toString(), data, actor(event));
    }

    private static ContainerActor actor(CloudEvent event) {
        Object name = event.getExtension(ACTOR_NAME);
        if (name == null) {
            return null;
        }
        Object image = event.getExtension(ACTOR_IMAGE);
        Object labels = event.getExtension(ACTOR_LABELS);
        Map<String, String> parsed = Map.of();
        if (labels != null) {
            try {
                parsed = Json.MAPPER.readValue(labels.toString(), LABELS);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("CloudEvent " + event.getId() + " has malformed actorlabels", e);
            }
        }
        return new ContainerActor(name.toString(), image == null ? "" : image.toString(), parsed);
    }

    private CloudEventCodec() {
    }
}
