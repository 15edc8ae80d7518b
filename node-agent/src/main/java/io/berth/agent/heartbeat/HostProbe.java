package io.berth.agent.heartbeat;

import io.berth.events.state.Capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads this host's capacity, cgroup version and kernel release from /proc. The parsing is pure and tested. */
public final class HostProbe {
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path MOUNTS = Path.of("/proc/self/mounts");
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

    /** Probes the host; {@code address} and {@code labels} come from the agent's configuration. */
    public static NodeFacts probe(String address, Map<String, String> labels) throws IOException {
        long nanoCpus = Runtime.getRuntime().availableProcessors() * 1_000_000_000L;
        long memory = memTotalBytes(Files.readString(MEMINFO));
        int cgroups = cgroupVersion(Files.readString(MOUNTS));
        String kernel = Files.readString(OSRELEASE).trim();
        // the kernel's pid space is what --pids-limit reservations share on this node; read by lines: a sysctl
        // file answers Files.readString's sized read with its first byte only ("3" of "32768")
        long pids = Long.parseLong(Files.readAllLines(PID_MAX).get(0).trim());
        return new NodeFacts(address, new Capacity(nanoCpus, memory, 0, pids), labels, cgroups, kernel);
    }

    /** {@code MemTotal} of a /proc/meminfo text, in bytes. */
    public static long memTotalBytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] words = line.substring("MemTotal:".length()).trim().split("\\s+");
                long value = Long.parseLong(words[0]);
                return words.length > 1 && words[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        throw new IllegalArgumentException("no MemTotal line in /proc/meminfo");
    }

    /** 2 when /sys/fs/cgroup itself is a cgroup2 mount (unified), else 1 (v1 or hybrid). */
    static int cgroupVersion(String mounts) {
        for (String line : mounts.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[1].equals("/sys/fs/cgroup")) {
                return fields[2].equals("cgroup2") ? 2 : 1;
            }
        }
        return 1;
    }

    private HostProbe() {
    }
}
