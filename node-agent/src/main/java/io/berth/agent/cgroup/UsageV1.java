package io.berth.agent.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a v1 container's accounting from its per-controller directories. */
final class UsageV1 {
    /** cpuacct.stat counts USER_HZ ticks, 100 per second on every Linux ABI. */
    private static final long NS_PER_TICK = 10_000_000L;
    /** The kernel's "no limit" in memory.limit_in_bytes is LONG_MAX rounded down to a page; anything this big is none. */
    private static final long UNLIMITED_ABOVE = 1L << 62;

    static CgroupUsage read(Function<String, Path> dir) {
        Path cpuacct = dir.apply("cpuacct");
        Path memory = dir.apply("memory");
        Path pids = dir.apply("pids");
        Map<String, Long> cpuStat = UsageFiles.flat(cpuacct.resolve("cpuacct.stat"));
        long limit = UsageFiles.number(memory.resolve("memory.limit_in_bytes"), -1);
        return new CgroupUsage(
                UsageFiles.number(cpuacct.resolve("cpuacct.usage"), 0),
                UsageFiles.numbers(cpuacct.resolve("cpuacct.usage_percpu")),
                cpuStat.getOrDefault("user", 0L) * NS_PER_TICK,
                cpuStat.getOrDefault("system", 0L) * NS_PER_TICK,
                UsageFiles.number(memory.resolve("memory.usage_in_bytes"), 0),
                limit >= UNLIMITED_ABOVE ? -1 : limit,
                UsageFiles.flat(memory.resolve("memory.stat")),
                UsageFiles.number(pids.resolve("pids.current"), 0),
                UsageFiles.number(pids.resolve("pids.max"), 0),
                io(UsageFiles.text(dir.apply("blkio").resolve("blkio.throttle.io_service_bytes"))));
    }

    /** Lines {@code 8:0 Read 4096}; the closing {@code Total N} line has no device and is skipped. */
    static List<CgroupUsage.IoBytes> io(String text) {
        List<CgroupUsage.IoBytes> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && f[0].contains(":")) {
                String[] dev = f[0].split(":");
                out.add(new CgroupUsage.IoBytes(Long.parseLong(dev[0]), Long.parseLong(dev[1]), f[1],
                        Long.parseLong(f[2])));
            }
        }
        return out;
    }

    private UsageV1() {
    }
}
