package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTest {

    @Test
    void okCarriesThePid() {
        Handshake h = Handshake.parse("ok 4242\n");
        assertTrue(h.ok());
        assertEquals(4242, h.pid());
    }

    @Test
    void errorCarriesDockersCodeAndMessage() {
        Handshake h = Handshake.parse("error 127 exec: \"nope\": executable file not found in $PATH");
        assertFalse(h.ok());
        assertEquals(127, h.exitCode());
        assertEquals("exec: \"nope\": executable file not found in $PATH", h.message());
    }

    @Test
    void silenceOrGarbageIsA125() {
        assertEquals(125, Handshake.parse(null).exitCode());
        assertEquals(125, Handshake.parse("ok banana").exitCode());
        assertFalse(Handshake.parse("hello").ok());
    }

    @Test
    void readsMonitorStateFiles() throws Exception {
        Path dir = Files.createTempDirectory("berth-state");
        try {
            ContainerFiles files = new ContainerFiles(dir);
            assertTrue(MonitorState.started(files.started()).isEmpty());
            Files.writeString(files.started(), "child 10\nmonitor 9\nstarted 1700000000123456789\n");
            Files.writeString(files.exited(), "code 137\nfinished 1700000001000000000\n");

            MonitorState.Started started = MonitorState.started(files.started()).orElseThrow();
            assertEquals(10, started.childPid());
            assertEquals(9, started.monitorPid());
            assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), started.startedAt());
            assertEquals(137, MonitorState.exited(files.exited()).orElseThrow().exitCode());
        } finally {
            for (Path p : new Path[]{dir.resolve("state.started"), dir.resolve("state.exit"), dir}) {
                Files.deleteIfExists(p);
            }
        }
    }
}
