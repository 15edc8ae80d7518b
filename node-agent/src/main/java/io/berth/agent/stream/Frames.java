package io.berth.agent.stream;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Docker's stream encoding of log lines: without a terminal each line is one frame (stream byte, three zero
 * bytes, big-endian uint32 length, payload); with a terminal the bytes go raw. With timestamps each line
 * starts with its RFC 3339 time with nine fraction digits and a space.
 */
public record Frames(boolean tty, boolean timestamps) {
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    public static final int HEADER_BYTES = 8;

    public Buffer encode(LogLine line) {
        byte[] payload = line.bytes();
        if (timestamps) {
            byte[] stamp = (RFC3339_NANO.format(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] joined = new byte[stamp.length + payload.length];
            System.arraycopy(stamp, 0, joined, 0, stamp.length);
            System.arraycopy(payload, 0, joined, stamp.length, payload.length);
            payload = joined;
        }
        if (tty) {
            return Buffer.buffer(payload);
        }
        return header(line.stream().frameByte(), payload.length).appendBytes(payload);
    }

    /** The 8-byte header of a multiplexed frame. */
    public static Buffer header(int stream, int length) {
        return Buffer.buffer(HEADER_BYTES).appendByte((byte) stream).appendByte((byte) 0).appendByte((byte) 0)
                .appendByte((byte) 0).appendInt(length);
    }
}
