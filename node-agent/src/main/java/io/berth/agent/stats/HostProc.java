package io.berth.agent.stats;

import io.berth.agent.heartbeat.HostProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the host's /proc and /etc/passwd for top and stats. Blocking; the root is a parameter for tests. */
public final class HostProc {
    private final Path root;

    public HostProc(Path root) {
        this.root = root;
    }

    /** Each pid that still exists; one that exits while being read is left out, as ps does. */
    public List<ProcEntry> processes(List<Long> pids) {
        List<ProcEntry> out = new ArrayList<>();
        for (long pid : pids) {
            read(pid).ifPresent(out::add);
        }
        return out;
    }

    Optional<ProcEntry> read(long pid) {
        Path dir = root.resolve("proc").resolve(Long.toString(pid));
        try {
            return Optional.of(ProcEntry.parse(Files.readString(dir.resolve("stat")),
                    Files.readString(dir.resolve("status")), Files.readAllBytes(dir.resolve("cmdline"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public HostCpu cpu() throws IOException {
        return HostCpu.parse(Files.readString(root.resolve("proc/stat")));
    }

    public long memTotal() throws IOException {
        return HostProbe.memTotalBytes(Files.readString(root.resolve("proc/meminfo")));
    }

    /** When the host booted: the {@code btime} line of /proc/stat. */
    public Instant boot() throws IOException {
        for (String line : Files.readString(root.resolve("proc/stat")).split("\n")) {
            if (line.startsWith("btime ")) {
                return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
            }
        }
        throw new IOException("no btime line in " + root.resolve("proc/stat"));
    }

    /** uid → user name from the host's /etc/passwd (ps shows host names: it runs on the host). */
    public Map<Long, String> users() {
        Map<Long, String> users = new HashMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        users.putIfAbsent(Long.parseLong(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException e) {
            // no passwd: numeric uids
        }
        return users;
    }
}
