package io.berth.events.wire;

import io.berth.events.Message;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Kafka value deserializer. A record that is not a Berth message (written by someone else, or by a newer
 * version) becomes null instead of an exception, so one bad record can never wedge a consumer: callers skip nulls.
 */
public final class EnvelopeDeserializer implements Deserializer<Envelope> {
    private static final Logger LOG = Logger.getLogger(EnvelopeDeserializer.class.getName());
    private final Set<String> only;

    /** Reads every Berth message. */
    public EnvelopeDeserializer() {
        this.only = null;
    }

    /**
     * Reads only messages of these classes; a record of any other type becomes null (skipped, as a foreign record
     * is) after reading no further than its {@code type}: a consumer that acts on a few types of a busy topic does
     * not pay for binding the rest.
     */
    public EnvelopeDeserializer(Set<Class<? extends Message>> only) {
        this.only = only.stream().map(MessageTypes::typeOf).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Envelope deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (only != null) {
            String type = StructuredReader.type(data);
            if (type != null && !only.contains(type)) {
                return null;
            }
        }
        try {
            return CloudEventCodec.decode(data);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping a record on " + topic + " that is not a Berth message: " + e.getMessage());
            return null;
        }
    }
}
