package io.berth.agent.cgroup;

import io.berth.events.spec.Resources;

import java.util.ArrayList;
import java.util.List;

/** Translates Docker's resource flags into cgroup control files; zero means "leave the default". */
public final class CgroupLimits {
    /** Docker's CFS period: --cpus=1.5 is a quota of 150000 per 100000 µs. */
    public static final long CFS_PERIOD_US = 100_000;

    /**
     * Docker's default device rules: deny all, then allow mknod of anything (the monitor creates /dev) and
     * use of the standard character devices only (null, zero, full, random, urandom, tty, console, ptmx, pts).
     */
    static final List<String> V1_DEVICE_ALLOW = List.of(
            "c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm");

    private CgroupLimits() {
    }

    public static List<LimitFile> v1(Resources r) {
        List<LimitFile> files = new ArrayList<>();
        if (r.memoryBytes() > 0) {
            files.add(new LimitFile("memory", "memory.limit_in_bytes", Long.toString(r.memoryBytes())));
            // after the memory limit: the kernel refuses memsw below it; absent when swap accounting is off
            files.add(new LimitFile("memory", "memory.memsw.limit_in_bytes", Long.toString(memoryAndSwap(r)), true));
        }
        if (r.nanoCpus() > 0) {
            files.add(new LimitFile("cpu", "cpu.cfs_period_us", Long.toString(CFS_PERIOD_US)));
            files.add(new LimitFile("cpu", "cpu.cfs_quota_us", Long.toString(quotaUs(r.nanoCpus()))));
        }
        if (r.cpuShares() > 0) {
            files.add(new LimitFile("cpu", "cpu.shares", Long.toString(Math.max(2, r.cpuShares()))));
        }
        if (r.pidsLimit() > 0) {
            files.add(new LimitFile("pids", "pids.max", Long.toString(r.pidsLimit())));
        }
        if (!r.cpusetCpus().isEmpty()) {
            files.add(new LimitFile("cpuset", "cpuset.cpus", r.cpusetCpus()));
        }
        files.add(new LimitFile("devices", "devices.deny", "a"));
        V1_DEVICE_ALLOW.forEach(rule -> files.add(new LimitFile("devices", "devices.allow", rule)));
        return files;
    }

    public static List<LimitFile> v2(Resources r) {
        List<LimitFile> files = new ArrayList<>();
        if (r.memoryBytes() > 0) {
            files.add(new LimitFile("memory", "memory.max", Long.toString(r.memoryBytes())));
            long total = memoryAndSwap(r);
            // v2 limits swap alone, not memory plus swap as v1 does
            files.add(new LimitFile("memory", "memory.swap.max",
                    total < 0 ? "max" : Long.toString(total - r.memoryBytes()), true));
        }
        if (r.nanoCpus() > 0) {
            files.add(new LimitFile("cpu", "cpu.max", quotaUs(r.nanoCpus()) + " " + CFS_PERIOD_US));
        }
        if (r.cpuShares() > 0) {
            files.add(new LimitFile("cpu", "cpu.weight", Long.toString(weight(r.cpuShares()))));
        }
        if (r.pidsLimit() > 0) {
            files.add(new LimitFile("pids", "pids.max", Long.toString(r.pidsLimit())));
        }
        if (!r.cpusetCpus().isEmpty()) {
            files.add(new LimitFile("cpuset", "cpuset.cpus", r.cpusetCpus()));
        }
        return files;
    }

    /** Docker's memory + swap total: as given, -1 for unlimited, twice the memory limit when left at 0. */
    static long memoryAndSwap(Resources r) {
        if (r.memorySwap() < 0) {
            return -1;
        }
        return r.memorySwap() > 0 ? r.memorySwap() : 2 * r.memoryBytes();
    }

    static long quotaUs(long nanoCpus) {
        // The kernel refuses quotas under 1 ms.
        return Math.max(1000, nanoCpus * CFS_PERIOD_US / 1_000_000_000L);
    }

    /** runc's mapping of shares [2, 262144] onto weight [1, 10000]. */
    static long weight(long shares) {
        long clamped = Math.min(262_144, Math.max(2, shares));
        return 1 + ((clamped - 2) * 9999) / 262_142;
    }
}
