package io.berth.gateway.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.events.Json;
import io.berth.events.Message;
import io.berth.events.wire.CloudEventCodec;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import io.berth.events.wire.MessageTypes;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The replay's value deserializer: the same envelope {@link CloudEventCodec#decode} gives, read in one streaming
 * pass over the structured-mode JSON Berth writes (attributes, then {@code data}), where the CloudEvents SDK builds a
 * tree, turns {@code data} back into bytes and parses them again (two thirds of a replay's reading time). A record
 * it does not recognise as such (data first, {@code data_base64}, another spec version, anything malformed) goes
 * the SDK's way through {@link EnvelopeDeserializer}, which also turns what is not a Berth message into null.
 */
public final class EventRecordDeserializer implements Deserializer<Envelope> {
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private final EnvelopeDeserializer fallback = new EnvelopeDeserializer();

    @Override
    public Envelope deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            Envelope e = read(bytes);
            if (e != null) {
                return e;
            }
        } catch (IOException | RuntimeException e) {
            // not the shape read here: the SDK decides
        }
        return fallback.deserialize(topic, bytes);
    }

    /** The envelope, or null when the record is not in the shape this reads. */
    static Envelope read(byte[] bytes) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String spec = null;
            String id = null;
            String type = null;
            String source = null;
            String subject = null;
            String time = null;
            String correlation = null;
            String name = null;
            String image = null;
            String labels = null;
            String contentType = null;
            Message data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("data")) {
                    if (type == null || value != JsonToken.START_OBJECT || data != null) {
                        return null;
                    }
                    data = Json.MAPPER.readValue(p, MessageTypes.classOf(type));
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    return null; // extensions of other types, data_base64 as anything else: the SDK's job
                }
                String text = p.getText();
                switch (field) {
                    case "specversion" -> spec = text;
                    case "id" -> id = text;
                    case "type" -> type = text;
                    case "source" -> source = text;
                    case "subject" -> subject = text;
                    case "time" -> time = text;
                    case "datacontenttype" -> contentType = text;
                    case CloudEventCodec.CORRELATION_ID -> correlation = text;
                    case CloudEventCodec.ACTOR_NAME -> name = text;
                    case CloudEventCodec.ACTOR_IMAGE -> image = text;
                    case CloudEventCodec.ACTOR_LABELS -> labels = text;
                    default -> {
                        return null;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || !"1.0".equals(spec)
                    || id == null || source == null || data == null || !"application/json".equals(contentType)) {
                return null;
            }
            ContainerActor actor = name == null ? null : new ContainerActor(name, image == null ? "" : image,
                    labels == null ? Map.of() : Json.MAPPER.readValue(labels, LABELS));
            return new Envelope(id, type, URI.create(source), subject, time == null ? null : time(time),
                    correlation, data, actor);
        }
    }

    /**
     * {@link OffsetDateTime#parse} of a CloudEvents time, read directly in the form Berth's emitters write (UTC,
     * {@code 2026-12-03T10:24:05.123456Z}): the general parser was a fifth of a replay's reading.
     */
    static OffsetDateTime time(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 20 && s.charAt(19) != '.')) {
            return OffsetDateTime.parse(s);
        }
        try {
            int nanos = 0;
            for (int i = 20; i < 29; i++) {
                nanos = nanos * 10 + (i < n - 1 ? digit(s, i) : 0);
            }
            return OffsetDateTime.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10), number(s, 11, 13),
                    number(s, 14, 16), number(s, 17, 19), nanos, ZoneOffset.UTC);
        } catch (DateTimeException | NumberFormatException e) {
            return OffsetDateTime.parse(s); // the general parser's answer, or its error
        }
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + digit(s, i);
        }
        return v;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
            throw new NumberFormatException(s);
        }
        return c - '0';
    }
}
