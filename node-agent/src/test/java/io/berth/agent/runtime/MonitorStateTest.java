package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorStateTest {
    @TempDir
    Path dir;

    @Test
    void aStartRecordIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("state.started"), "child 12\nmonitor 11\nstarted 1500000000000000001\n");
        MonitorState.Started started = MonitorState.started(file).orElseThrow();
        assertEquals(12, started.childPid());
        assertEquals(11, started.monitorPid());
        assertEquals(Instant.ofEpochSecond(1_500_000_000L, 1), started.startedAt());
    }

    @Test
    void anEmptyFileLeftByACrashBeforeItsSyncReadsAsAbsent() throws Exception {
        assertTrue(MonitorState.started(Files.writeString(dir.resolve("state.started"), "")).isEmpty());
        assertTrue(MonitorState.exited(Files.writeString(dir.resolve("state.exit"), "")).isEmpty());
        assertTrue(MonitorState.started(dir.resolve("missing")).isEmpty());
    }
}
