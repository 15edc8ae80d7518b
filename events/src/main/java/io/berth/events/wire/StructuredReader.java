package io.berth.events.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.Message;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Reads a CloudEvents 1.0 structured-mode JSON record straight into an {@link Envelope} in one streaming pass: the
 * message is bound from the same parser as soon as its type is known. The SDK's reader parses the record into a
 * tree, writes the data back out as bytes, and those bytes are parsed again; on every consumer of a busy topic that
 * was the largest single cost. Anything this reader is not sure of (another spec version, base64 or non-JSON data,
 * a missing attribute, bytes that are not JSON) answers null, and {@link CloudEventCodec} reads it with the SDK,
 * whose errors stay the errors a caller sees.
 */
final class StructuredReader {
    private StructuredReader() {
    }

    /** The record's CloudEvents type, read up to that attribute (the message is skipped, not bound); null if none. */
    static String type(byte[] bytes) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The envelope, or null when the SDK should read these bytes. */
    static Envelope read(byte[] bytes) {
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
            String actorName = null;
            String actorImage = null;
            String actorLabels = null;
            Message data = null;
            JsonNode early = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(field)) {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    if (type != null) {
                        data = Json.MAPPER.readValue(p, MessageTypes.classOf(type));
                    } else {
                        early = p.readValueAsTree();
                    }
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    return null;
                }
                String text = p.getText();
                switch (field) {
                    case "specversion" -> spec = text;
                    case "id" -> id = text;
                    case "type" -> type = text;
                    case "source" -> source = text;
                    case "subject" -> subject = text;
                    case "time" -> time = text;
                    case "datacontenttype" -> {
                        if (!text.startsWith("application/json")) {
                            return null;
                        }
                    }
                    case CloudEventCodec.CORRELATION_ID -> correlation = text;
                    case CloudEventCodec.ACTOR_NAME -> actorName = text;
                    case CloudEventCodec.ACTOR_IMAGE -> actorImage = text;
                    case CloudEventCodec.ACTOR_LABELS -> actorLabels = text;
                    default -> {
                        // another extension: not Berth's, ignored as the SDK path ignores it
                    }
                }
            }
            if (!"1.0".equals(spec) || id == null || type == null || source == null) {
                return null;
            }
            if (data == null && early != null) {
                data = Json.MAPPER.treeToValue(early, MessageTypes.classOf(type));
            }
            if (data == null) {
                return null;
            }
            ContainerActor actor = actorName == null ? null : new ContainerActor(actorName,
                    actorImage == null ? "" : actorImage, actorLabels == null ? Map.of()
                    : Json.MAPPER.readValue(actorLabels, CloudEventCodec.LABELS));
            return new Envelope(id, type, URI.create(source), subject, time == null ? null : EventTime.parse(time),
                    correlation, data, actor);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
