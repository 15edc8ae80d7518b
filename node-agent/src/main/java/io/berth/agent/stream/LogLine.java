package io.berth.agent.stream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** One line of a json-file log: which stream, the bytes written (newline included), when. */
public record LogLine(Stream stream, byte[] bytes, Instant time) {

    /** The two output streams, with the byte that names them in a multiplexed frame. */
    public enum Stream {
        STDOUT(1), STDERR(2);

        private final int frameByte;

        Stream(int frameByte) {
            this.frameByte = frameByte;
        }

        public int frameByte() {
            return frameByte;
        }
    }

    /** Parses {@code {"log":…,"stream":…,"time":…}}; empty for a line that is not one (torn or foreign). */
    public static Optional<LogLine> parse(String json) {
        try {
            JsonObject o = new JsonObject(json);
            String log = o.getString("log");
            String time = o.getString("time");
            if (log == null || time == null) {
                return Optional.empty();
            }
            Stream stream = "stderr".equals(o.getString("stream")) ? Stream.STDERR : Stream.STDOUT;
            return Optional.of(new LogLine(stream, log.getBytes(StandardCharsets.UTF_8), Instant.parse(time)));
        } catch (DecodeException | ClassCastException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
