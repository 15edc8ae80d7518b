package io.berth.agent.cgroup;

import io.berth.agent.sys.Syscalls;
import io.berth.events.spec.DiskLimits;
import io.berth.events.spec.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** cgroup v1: one directory per controller hierarchy, {@code <root>/<controller>/berth/<id>}. */
public final class CgroupV1 extends CgroupTree {
    /** The hierarchies a container joins; missing ones on a host are skipped. */
    public static final List<String> CONTROLLERS =
            List.of("memory", "cpu", "cpuacct", "pids", "freezer", "cpuset", "blkio", "devices");

    public CgroupV1(Path root, Syscalls syscalls) {
        super(root, Cgroups.DEFAULT_PARENT, syscalls, new HostBlockDevices());
    }

    /** Containers' cgroups under {@code parent}, the node's block devices read through {@code devices}. */
    public CgroupV1(Path root, String parent, Syscalls syscalls, BlockDevices devices) {
        super(root, parent, syscalls, devices);
    }

    @Override
    public List<Path> create(String containerId, Resources resources) throws IOException {
        List<Path> procs = new ArrayList<>();
        Map<String, String> numbers = DeviceNumbers.of(devices, DiskLimits.NONE, resources.disk());
        requireBlkio(resources);
        try {
            for (String controller : mounted()) {
                Path dir = dir(controller, containerId);
                CgroupDirs.makeDirs(dir);
                if (controller.equals("cpuset")) {
                    // A new cpuset is empty and refuses tasks until it inherits cpus and mems, level by level.
                    inheritCpuset(dir.getParent());
                    inheritCpuset(dir);
                }
                procs.add(dir.resolve("cgroup.procs"));
            }
            for (LimitFile limit : CgroupLimits.v1(resources, numbers)) {
                Path dir = dir(limit.controller(), containerId);
                if (Files.isDirectory(dir)) {
                    CgroupDirs.apply(dir, limit);
                }
            }
            return procs;
        } catch (IOException e) {
            remove(containerId);
            throw e;
        }
    }

    @Override
    public void update(String containerId, Resources before, Resources after) throws IOException {
        Map<String, String> numbers = DeviceNumbers.of(devices, before.disk(), after.disk());
        requireBlkio(after);
        if (!exists(containerId)) {
            return;
        }
        Path memsw = dir("memory", containerId).resolve("memory.memsw.limit_in_bytes");
        // the way back reads memsw again: the failed step may have moved it
        allOrNothing(
                () -> write(containerId, CgroupLimits.v1Update(before, after, UsageFiles.number(memsw, -1), numbers)),
                () -> write(containerId, CgroupLimits.v1Update(after, before, UsageFiles.number(memsw, -1), numbers)));
    }

    private void write(String containerId, List<LimitFile> limits) throws IOException {
        for (LimitFile limit : limits) {
            Path dir = dir(limit.controller(), containerId);
            if (Files.isDirectory(dir)) {
                CgroupDirs.apply(dir, limit);
            }
        }
    }

    /** Disk limits on a host without the blkio hierarchy would be dropped without a word: refuse them. */
    private void requireBlkio(Resources resources) throws IOException {
        if (!resources.disk().none() && !Files.isDirectory(root.resolve("blkio"))) {
            throw new IOException("this node has no blkio cgroup controller mounted at " + root.resolve("blkio")
                    + ": it cannot limit disk I/O");
        }
    }

    @Override
    public List<Long> pids(String containerId) {
        List<Long> pids = new ArrayList<>();
        for (String controller : mounted()) {
            CgroupDirs.readPids(dir(controller, containerId).resolve("cgroup.procs"), pids);
        }
        return pids.stream().distinct().toList();
    }

    @Override
    public boolean oomKilled(String containerId) {
        return CgroupDirs.counter(dir("memory", containerId).resolve("memory.oom_control"), "oom_kill") > 0;
    }

    /** Writes FROZEN until freezer.state reads FROZEN: a write may leave it FREEZING while tasks settle. */
    @Override
    public void freeze(String containerId) throws IOException {
        Path state = dir("freezer", containerId).resolve("freezer.state");
        boolean frozen = CgroupDirs.await(() -> {
            CgroupDirs.replace(state, "FROZEN");
            return Files.readString(state).strip().equals("FROZEN");
        }, CgroupDirs.SETTLE_ATTEMPTS);
        if (!frozen) {
            CgroupDirs.replace(state, "THAWED");
            throw new IOException("container " + containerId + " did not freeze: " + state + " never read FROZEN");
        }
    }

    @Override
    public void thaw(String containerId) throws IOException {
        Path state = dir("freezer", containerId).resolve("freezer.state");
        boolean thawed = CgroupDirs.await(() -> {
            CgroupDirs.replace(state, "THAWED");
            return Files.readString(state).strip().equals("THAWED");
        }, CgroupDirs.SETTLE_ATTEMPTS);
        if (!thawed) {
            throw new IOException("container " + containerId + " did not thaw: " + state + " never read THAWED");
        }
    }

    @Override
    public void remove(String containerId) throws IOException {
        for (String controller : mounted()) {
            dirs.remove(dir(controller, containerId));
        }
    }

    @Override
    public void removeParent() throws IOException {
        for (String controller : mounted()) {
            dirs.removeIfUnused(root.resolve(controller).resolve(parent));
        }
    }

    @Override
    public CgroupUsage usage(String containerId) {
        return UsageV1.read(controller -> dir(controller, containerId));
    }

    @Override
    public boolean exists(String containerId) {
        return mounted().stream().anyMatch(c -> Files.isDirectory(dir(c, containerId)));
    }

    Path dir(String controller, String containerId) {
        return root.resolve(controller).resolve(parent).resolve(containerId);
    }

    private List<String> mounted() {
        return CONTROLLERS.stream().filter(c -> Files.isDirectory(root.resolve(c))).toList();
    }

    private static void inheritCpuset(Path dir) throws IOException {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Path own = dir.resolve(file);
            if (!Files.exists(own) || Files.readString(own).isBlank()) {
                CgroupDirs.write(own, Files.readString(dir.getParent().resolve(file)).strip());
            }
        }
    }
}
