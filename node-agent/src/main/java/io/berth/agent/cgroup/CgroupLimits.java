package io.berth.agent.cgroup;

import io.berth.events.spec.DeviceRate;
import io.berth.events.spec.DiskLimits;
import io.berth.events.spec.Resources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

    /** A new container's files; {@code devices} maps each throttled device path to its MAJ:MIN. */
    public static List<LimitFile> v1(Resources r, Map<String, String> devices) {
        List<LimitFile> files = v1Resources(r, Resources.NONE, false);
        files.add(new LimitFile("devices", "devices.deny", "a"));
        V1_DEVICE_ALLOW.forEach(rule -> files.add(new LimitFile("devices", "devices.allow", rule)));
        files.addAll(v1Disk(DiskLimits.NONE, r.disk(), devices));
        return files;
    }

    /** A container without disk throttles. */
    public static List<LimitFile> v1(Resources r) {
        return v1(r, Map.of());
    }

    /**
     * What {@code docker update} writes into a running container's v1 cgroup to go from {@code before} to
     * {@code after}. {@code memswNow} is the memory.memsw.limit_in_bytes in force (-1 unknown): a memory limit
     * above it is refused by the kernel, so then memsw goes first.
     */
    public static List<LimitFile> v1Update(Resources before, Resources after, long memswNow,
                                           Map<String, String> devices) {
        boolean swapFirst = after.memoryBytes() > 0 && memswNow >= 0 && after.memoryBytes() > memswNow;
        List<LimitFile> files = v1Resources(after, before, swapFirst);
        files.addAll(v1Disk(before.disk(), after.disk(), devices));
        return files;
    }

    private static List<LimitFile> v1Resources(Resources r, Resources before, boolean swapFirst) {
        List<LimitFile> files = new ArrayList<>();
        if (r.memoryBytes() > 0) {
            LimitFile memory = new LimitFile("memory", "memory.limit_in_bytes", Long.toString(r.memoryBytes()));
            // absent when swap accounting is off
            LimitFile swap = new LimitFile("memory", "memory.memsw.limit_in_bytes", Long.toString(memoryAndSwap(r)),
                    true);
            // the kernel keeps memsw >= memory at every step
            files.addAll(swapFirst ? List.of(swap, memory) : List.of(memory, swap));
        }
        if (r.nanoCpus() > 0) {
            files.add(new LimitFile("cpu", "cpu.cfs_period_us", Long.toString(CFS_PERIOD_US)));
            files.add(new LimitFile("cpu", "cpu.cfs_quota_us", Long.toString(quotaUs(r.nanoCpus()))));
        }
        if (r.cpuShares() > 0) {
            files.add(new LimitFile("cpu", "cpu.shares", Long.toString(Math.max(2, r.cpuShares()))));
        }
        files.addAll(pids(r, before));
        if (!r.cpusetCpus().isEmpty()) {
            files.add(new LimitFile("cpuset", "cpuset.cpus", r.cpusetCpus()));
        }
        return files;
    }

    /** A container without disk throttles. */
    public static List<LimitFile> v2(Resources r) {
        return v2(r, Map.of());
    }

    /** A new container's files; {@code devices} maps each throttled device path to its MAJ:MIN. */
    public static List<LimitFile> v2(Resources r, Map<String, String> devices) {
        return v2Update(Resources.NONE, r, devices);
    }

    /** What {@code docker update} writes into a running container's v2 cgroup to go from {@code before} to {@code after}. */
    public static List<LimitFile> v2Update(Resources before, Resources r, Map<String, String> devices) {
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
        files.addAll(pids(r, before));
        if (!r.cpusetCpus().isEmpty()) {
            files.add(new LimitFile("cpuset", "cpuset.cpus", r.cpusetCpus()));
        }
        files.addAll(v2Disk(before.disk(), r.disk(), devices));
        return files;
    }

    /** A pids limit, or "max" when an update lifts the one there was ({@code --pids-limit -1}). */
    private static List<LimitFile> pids(Resources r, Resources before) {
        if (r.pidsLimit() > 0) {
            return List.of(new LimitFile("pids", "pids.max", Long.toString(r.pidsLimit())));
        }
        return before.pidsLimit() > 0 ? List.of(new LimitFile("pids", "pids.max", "max")) : List.of();
    }

    /**
     * v1 blkio: the weight, and one "MAJ:MIN rate" line per throttled device and kind; a device throttled before
     * and not after gets rate 0, which the kernel reads as "remove this rule".
     */
    static List<LimitFile> v1Disk(DiskLimits before, DiskLimits after, Map<String, String> devices) {
        List<LimitFile> files = new ArrayList<>();
        if (after.weight() > 0) {
            files.add(new LimitFile("blkio", "blkio.weight", Integer.toString(after.weight()), false,
                    "blkio.bfq.weight"));
        }
        throttle(files, "blkio.throttle.read_bps_device", before.readBps(), after.readBps(), devices);
        throttle(files, "blkio.throttle.write_bps_device", before.writeBps(), after.writeBps(), devices);
        throttle(files, "blkio.throttle.read_iops_device", before.readIops(), after.readIops(), devices);
        throttle(files, "blkio.throttle.write_iops_device", before.writeIops(), after.writeIops(), devices);
        return files;
    }

    private static void throttle(List<LimitFile> files, String file, List<DeviceRate> before, List<DeviceRate> after,
                                 Map<String, String> devices) {
        Set<String> kept = new LinkedHashSet<>();
        for (DeviceRate d : after) {
            kept.add(number(devices, d.path()));
            files.add(new LimitFile("blkio", file, number(devices, d.path()) + " " + d.rate()));
        }
        for (DeviceRate d : before) {
            String dev = devices.get(d.path());
            // a device gone from the node since has no rule left to remove
            if (dev != null && kept.add(dev)) {
                files.add(new LimitFile("blkio", file, dev + " 0"));
            }
        }
    }

    /**
     * v2 io: the weight as "default N", and one io.max line per device naming all four limits, "max" for the
     * ones not set, so a line also lifts what an update took away.
     */
    static List<LimitFile> v2Disk(DiskLimits before, DiskLimits after, Map<String, String> devices) {
        List<LimitFile> files = new ArrayList<>();
        if (after.weight() > 0) {
            files.add(new LimitFile("io", "io.weight", "default " + after.weight(), false, "io.bfq.weight"));
        }
        Set<String> paths = new LinkedHashSet<>();
        for (DiskLimits d : List.of(after, before)) {
            for (List<DeviceRate> kind : List.of(d.readBps(), d.writeBps(), d.readIops(), d.writeIops())) {
                kind.forEach(r -> paths.add(r.path()));
            }
        }
        Set<String> written = new LinkedHashSet<>();
        for (String path : paths) {
            String dev = inAny(after, path) ? number(devices, path) : devices.get(path);
            if (dev == null || !written.add(dev)) {
                continue;
            }
            files.add(new LimitFile("io", "io.max", dev
                    + " rbps=" + rate(after.readBps(), path) + " wbps=" + rate(after.writeBps(), path)
                    + " riops=" + rate(after.readIops(), path) + " wiops=" + rate(after.writeIops(), path)));
        }
        return files;
    }

    private static boolean inAny(DiskLimits d, String path) {
        Function<List<DeviceRate>, Boolean> has = l -> l.stream().anyMatch(r -> r.path().equals(path));
        return has.apply(d.readBps()) || has.apply(d.writeBps()) || has.apply(d.readIops()) || has.apply(d.writeIops());
    }

    private static String rate(List<DeviceRate> rates, String path) {
        return rates.stream().filter(r -> r.path().equals(path) && r.rate() > 0).map(r -> Long.toString(r.rate()))
                .reduce((a, b) -> b).orElse("max");
    }

    private static String number(Map<String, String> devices, String path) {
        String dev = devices.get(path);
        if (dev == null) {
            throw new IllegalStateException("device " + path + " was not resolved to its major:minor");
        }
        return dev;
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
