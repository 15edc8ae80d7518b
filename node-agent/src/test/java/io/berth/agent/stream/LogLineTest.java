package io.berth.agent.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLineTest {
    @Test
    void parsesWhatTheMonitorWrites() {
        LogLine line = LogLine.parse("{\"log\":\"a \\\"q\\\"\\t\\u0001\\n\",\"stream\":\"stderr\","
                + "\"time\":\"2024-05-06T07:08:09.123456789Z\"}").orElseThrow();
        assertEquals(LogLine.Stream.STDERR, line.stream());
        assertEquals("a \"q\"\t\u0001\n", new String(line.bytes(), StandardCharsets.UTF_8));
        assertEquals(Instant.parse("2024-05-06T07:08:09.123456789Z"), line.time());
    }

    @Test
    void stdoutUnlessStderr() {
        assertEquals(LogLine.Stream.STDOUT, LogLine.parse("{\"log\":\"x\",\"stream\":\"stdout\","
                + "\"time\":\"2024-05-06T07:08:09Z\"}").orElseThrow().stream());
    }

    @Test
    void tornOrForeignLinesAreSkipped() {
        assertTrue(LogLine.parse("{\"log\":\"x\",\"str").isEmpty());
        assertTrue(LogLine.parse("not json").isEmpty());
        assertTrue(LogLine.parse("{\"log\":\"x\",\"time\":\"yesterday\"}").isEmpty());
        assertTrue(LogLine.parse("{\"stream\":\"stdout\"}").isEmpty());
    }
}
