package io.berth.events.wire;

import org.apache.kafka.common.serialization.Deserializer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kafka value deserializer. A record that is not a Berth message (written by someone else, or by a newer
 * version) becomes null instead of an exception, so one bad record can never wedge a consumer: callers skip nulls.
 */
public final class EnvelopeDeserializer implements Deserializer<Envelope> {
    private static final Logger LOG = Logger.getLogger(EnvelopeDeserializer.class.getName());

    @Override
    public Envelope deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return CloudEventCodec.decode(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping a record on " + topic + " that is not a Berth message: " + e.getMessage());
            return null;
        }
    }
}
