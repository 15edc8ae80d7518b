package io.berth.deploy.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The few attributes the bench's own readers need from a CloudEvents record (its id, type, subject, and the
 * {@code nodeId} or {@code reason} of its data), read with one streaming pass and no message decoded: the
 * simulated agents and the bench's event reader must cost little beside the scheduler they measure.
 */
record RecordPeek(String id, String type, String subject, String nodeId, String reason) {
    private static final JsonFactory JSON = new JsonFactory();

    static RecordPeek of(byte[] value) {
        String id = null;
        String type = null;
        String subject = null;
        String nodeId = null;
        String reason = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getText();
                    case "type" -> type = p.getText();
                    case "subject" -> subject = p.getText();
                    case "data" -> {
                        if (token != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.getCurrentName();
                            p.nextToken();
                            if ("nodeId".equals(inner)) {
                                nodeId = p.getText();
                            } else if ("reason".equals(inner)) {
                                reason = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecordPeek(id, type, subject, nodeId, reason);
    }
}
