package io.berth.agent.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a v2 container's accounting from its one unified directory. */
final class UsageV2 {

    static CgroupUsage read(Path dir) {
        Map<String, Long> cpu = UsageFiles.flat(dir.resolve("cpu.stat"));
        return new CgroupUsage(
                cpu.getOrDefault("usage_usec", 0L) * 1000,
                List.of(),
                cpu.getOrDefault("user_usec", 0L) * 1000,
                cpu.getOrDefault("system_usec", 0L) * 1000,
                UsageFiles.number(dir.resolve("memory.current"), 0),
                UsageFiles.number(dir.resolve("memory.max"), -1),
                UsageFiles.flat(dir.resolve("memory.stat")),
                UsageFiles.number(dir.resolve("pids.current"), 0),
                UsageFiles.number(dir.resolve("pids.max"), 0),
                io(UsageFiles.text(dir.resolve("io.stat"))));
    }

    /** Lines {@code 8:0 rbytes=4096 wbytes=0 rios=1 …}; reported as Docker does, one Read and one Write each. */
    static List<CgroupUsage.IoBytes> io(String text) {
        List<CgroupUsage.IoBytes> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            long major = Long.parseLong(dev[0]);
            long minor = Long.parseLong(dev[1]);
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv.length == 2 && kv[0].equals("rbytes")) {
                    out.add(new CgroupUsage.IoBytes(major, minor, "read", Long.parseLong(kv[1])));
                } else if (kv.length == 2 && kv[0].equals("wbytes")) {
                    out.add(new CgroupUsage.IoBytes(major, minor, "write", Long.parseLong(kv[1])));
                }
            }
        }
        return out;
    }

    private UsageV2() {
    }
}
