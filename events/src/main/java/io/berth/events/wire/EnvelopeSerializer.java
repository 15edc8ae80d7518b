package io.berth.events.wire;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Kafka value serializer: an envelope as CloudEvents structured JSON, with the {@code content-type} header the
 * CloudEvents Kafka protocol binding reads to recognise structured mode (so its SDK's deserializer reads our
 * records as they are).
 */
public final class EnvelopeSerializer implements Serializer<Envelope> {
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final byte[] CONTENT_TYPE_BYTES = CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    @Override
    public byte[] serialize(String topic, Envelope envelope) {
        return envelope == null ? null : CloudEventCodec.encode(envelope);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Envelope envelope) {
        if (envelope != null && headers != null) {
            headers.remove("content-type");
            headers.add("content-type", CONTENT_TYPE_BYTES);
        }
        return serialize(topic, envelope);
    }
}
