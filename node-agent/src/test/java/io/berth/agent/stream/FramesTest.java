package io.berth.agent.stream;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FramesTest {
    private static final Instant AT = Instant.parse("2024-05-06T07:08:09.000000120Z");

    private static LogLine line(LogLine.Stream stream, String text) {
        return new LogLine(stream, text.getBytes(StandardCharsets.UTF_8), AT);
    }

    @Test
    void aStdoutLineIsOneFrameWithAnEightByteHeader() {
        Buffer frame = new Frames(false, false).encode(line(LogLine.Stream.STDOUT, "hi\n"));
        assertArrayEquals(new byte[]{1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'}, frame.getBytes());
    }

    @Test
    void stderrIsStreamTwoAndTheLengthIsBigEndian() {
        String text = "x".repeat(300);
        Buffer frame = new Frames(false, false).encode(line(LogLine.Stream.STDERR, text));
        assertEquals(2, frame.getByte(0));
        assertEquals(0, frame.getByte(1) | frame.getByte(2) | frame.getByte(3));
        assertEquals(300, frame.getInt(4));
        assertEquals(1, frame.getByte(6));
        assertEquals(44, frame.getByte(7));
        assertEquals(Frames.HEADER_BYTES + 300, frame.length());
    }

    @Test
    void withATerminalTheBytesGoRaw() {
        assertEquals("hi\n", new Frames(true, false).encode(line(LogLine.Stream.STDOUT, "hi\n")).toString());
    }

    @Test
    void timestampsAreRfc3339WithNineFractionDigitsAndCountInTheLength() {
        Buffer raw = new Frames(true, true).encode(line(LogLine.Stream.STDOUT, "hi\n"));
        assertEquals("2024-05-06T07:08:09.000000120Z hi\n", raw.toString());
        Buffer framed = new Frames(false, true).encode(line(LogLine.Stream.STDOUT, "hi\n"));
        assertEquals(raw.length(), framed.getInt(4));
    }
}
