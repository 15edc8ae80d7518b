package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the state files the monitor writes atomically: {@code key value} per line, times in epoch nanos. */
final class MonitorState {
    private MonitorState() {
    }

    /** The monitor's start record. */
    record Started(long childPid, long monitorPid, Instant startedAt) {
    }

    /** The monitor's exit record. */
    record Exited(int exitCode, Instant finishedAt) {
    }

    static Optional<Started> started(Path file) throws IOException {
        return read(file).map(kv -> new Started(
                Long.parseLong(kv.get("child")), Long.parseLong(kv.get("monitor")), instant(kv.get("started"))));
    }

    static Optional<Exited> exited(Path file) throws IOException {
        return read(file).map(kv -> new Exited(Integer.parseInt(kv.get("code")), instant(kv.get("finished"))));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                kv.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return kv;
    }

    /**
     * An empty file reads as absent: the monitor renames state.started into place before syncing it, so a host
     * crash in between can leave it empty (as if the crash had come before the rename).
     */
    private static Optional<Map<String, String>> read(Path file) throws IOException {
        try {
            Map<String, String> kv = parse(Files.readString(file));
            return kv.isEmpty() ? Optional.empty() : Optional.of(kv);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static Instant instant(String epochNanos) {
        long nanos = Long.parseLong(epochNanos);
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
