package io.berth.agent.cgroup;

import io.berth.agent.sys.Syscalls;
import io.berth.events.spec.DiskLimits;
import io.berth.events.spec.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** cgroup v2: one unified directory {@code <root>/berth/<id>}, controllers delegated by subtree_control. */
public final class CgroupV2 extends CgroupTree {
    /** Controllers the containers are limited by, when the host offers them. */
    public static final List<String> WANTED = List.of("cpu", "cpuset", "io", "memory", "pids");

    public CgroupV2(Path root, Syscalls syscalls) {
        super(root, Cgroups.DEFAULT_PARENT, syscalls, new HostBlockDevices());
    }

    /** Containers' cgroups under {@code parent}, the node's block devices read through {@code devices}. */
    public CgroupV2(Path root, String parent, Syscalls syscalls, BlockDevices devices) {
        super(root, parent, syscalls, devices);
    }

    @Override
    public List<Path> create(String containerId, Resources resources) throws IOException {
        Path shared = root.resolve(parent);
        Path dir = shared.resolve(containerId);
        Map<String, String> numbers = DeviceNumbers.of(devices, DiskLimits.NONE, resources.disk());
        try {
            CgroupDirs.makeDirs(shared);
            // Each level must hand its controllers down before the level below can use them.
            delegate(root);
            delegate(shared);
            CgroupDirs.makeDirs(dir);
            for (LimitFile limit : CgroupLimits.v2(resources, numbers)) {
                CgroupDirs.apply(dir, limit);
            }
            // v2 has no devices.allow: without this program a container with CAP_MKNOD could open the host's disks
            syscalls.attachDeviceFilter(dir, DeviceFilter.dockerDefault());
            return List.of(dir.resolve("cgroup.procs"));
        } catch (IOException e) {
            remove(containerId);
            throw e;
        }
    }

    @Override
    public void update(String containerId, Resources before, Resources after) throws IOException {
        Map<String, String> numbers = DeviceNumbers.of(devices, before.disk(), after.disk());
        if (!exists(containerId)) {
            return;
        }
        Path dir = dir(containerId);
        allOrNothing(() -> apply(dir, CgroupLimits.v2Update(before, after, numbers)),
                () -> apply(dir, CgroupLimits.v2Update(after, before, numbers)));
    }

    private static void apply(Path dir, List<LimitFile> limits) throws IOException {
        for (LimitFile limit : limits) {
            CgroupDirs.apply(dir, limit);
        }
    }

    @Override
    public List<Long> pids(String containerId) {
        List<Long> pids = new ArrayList<>();
        CgroupDirs.readPids(dir(containerId).resolve("cgroup.procs"), pids);
        return pids;
    }

    @Override
    public boolean oomKilled(String containerId) {
        return CgroupDirs.counter(dir(containerId).resolve("memory.events"), "oom_kill") > 0;
    }

    /** cgroup.freeze 1, then wait for cgroup.events to report {@code frozen 1}. */
    @Override
    public void freeze(String containerId) throws IOException {
        setFrozen(containerId, 1);
    }

    @Override
    public void thaw(String containerId) throws IOException {
        setFrozen(containerId, 0);
    }

    private void setFrozen(String containerId, int want) throws IOException {
        Path dir = dir(containerId);
        CgroupDirs.replace(dir.resolve("cgroup.freeze"), Integer.toString(want));
        Path events = dir.resolve("cgroup.events");
        if (!CgroupDirs.await(() -> CgroupDirs.counter(events, "frozen") == want, CgroupDirs.SETTLE_ATTEMPTS)) {
            throw new IOException("container " + containerId + ": " + events + " never reported frozen " + want);
        }
    }

    @Override
    public void remove(String containerId) throws IOException {
        dirs.remove(dir(containerId));
    }

    @Override
    public void removeParent() throws IOException {
        dirs.removeIfUnused(root.resolve(parent));
    }

    @Override
    public CgroupUsage usage(String containerId) {
        return UsageV2.read(dir(containerId));
    }

    @Override
    public boolean exists(String containerId) {
        return Files.isDirectory(dir(containerId));
    }

    Path dir(String containerId) {
        return root.resolve(parent).resolve(containerId);
    }

    private void delegate(Path level) throws IOException {
        Path available = level.resolve("cgroup.controllers");
        if (!Files.exists(available)) {
            return;
        }
        List<String> offered = Arrays.asList(Files.readString(available).strip().split("\\s+"));
        String enable = WANTED.stream().filter(offered::contains).map(c -> "+" + c).collect(Collectors.joining(" "));
        if (!enable.isEmpty()) {
            CgroupDirs.write(level.resolve("cgroup.subtree_control"), enable);
        }
    }
}
