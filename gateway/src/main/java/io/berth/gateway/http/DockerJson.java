package io.berth.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;

/** JSON as dockerd writes it: nulls kept (clients read {@code "Error":null}), content type without charset. */
public final class DockerJson {
    /** Exactly this: with {@code ; charset=utf-8} the docker CLI prints error bodies raw. */
    public static final String CONTENT_TYPE = "application/json";
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DockerJson() {
    }
}
