package io.berth.deploy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads between two points, summed per part (the bench itself, the schedulers,
 * Hazelcast, the Kafka broker): what one placement costs, and how much of it the bench spends measuring.
 * Threads that ended in between are not counted.
 */
final class CpuShares {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = new HashMap<>();

    CpuShares() {
        for (long id : THREADS.getAllThreadIds()) {
            start.put(id, THREADS.getThreadCpuTime(id));
        }
    }

    /** Milliseconds of CPU per part since this was made. */
    Map<String, Long> since() {
        Map<String, Long> parts = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - start.getOrDefault(info.getThreadId(), 0L);
            parts.merge(part(info.getThreadName()), used / 1_000_000, Long::sum);
        }
        return parts;
    }

    private static String part(String thread) {
        if (thread.equals("main") || thread.startsWith("bench-") || thread.endsWith("| bench-creates")
                || thread.endsWith("| bench-agents")) {
            return "bench";
        }
        if (thread.startsWith("berth-") || thread.contains("| berth-")) {
            return "scheduler";
        }
        if (thread.startsWith("hz.")) {
            return "hazelcast";
        }
        return "kafka+other";
    }

    /** One line: total CPU ms, per placement, and each part's share. */
    static String line(Map<String, Long> parts, int placements) {
        long total = parts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder(String.format("CPU %d ms in all, %.0f us per placement:", total,
                total * 1000.0 / Math.max(1, placements)));
        parts.forEach((part, ms) -> out.append(String.format(" %s %d ms (%.0f us)", part, ms,
                ms * 1000.0 / Math.max(1, placements))));
        return out.toString();
    }
}
