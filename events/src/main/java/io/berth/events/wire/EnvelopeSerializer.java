package io.berth.events.wire;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer: an envelope as CloudEvents structured JSON. */
public final class EnvelopeSerializer implements Serializer<Envelope> {
    @Override
    public byte[] serialize(String topic, Envelope envelope) {
        return envelope == null ? null : CloudEventCodec.encode(envelope);
    }
}
