package io.berth.agent.cgroup;

import io.berth.agent.sys.MountTable;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Path;

/** Picks the cgroup version the host runs: v2 only when the cgroup root itself is a cgroup2 mount. */
public final class CgroupProbe {
    public static final Path ROOT = Path.of("/sys/fs/cgroup");

    private CgroupProbe() {
    }

    public static Cgroups detect(Syscalls syscalls) throws IOException {
        return detect(syscalls, Cgroups.DEFAULT_PARENT);
    }

    /** As {@link #detect(Syscalls)}, containers' cgroups under {@code parent}. */
    public static Cgroups detect(Syscalls syscalls, String parent) throws IOException {
        MountTable mounts = MountTable.read();
        return "cgroup2".equals(mounts.fsTypeAt(ROOT)) ? new CgroupV2(ROOT, parent, syscalls, new HostBlockDevices())
                : new CgroupV1(ROOT, parent, syscalls, new HostBlockDevices());
    }

    /** A hybrid host (v1 controllers plus an empty v2 at unified/) counts as v1. */
    public static Cgroups choose(MountTable mounts, Path root, Syscalls syscalls) {
        return "cgroup2".equals(mounts.fsTypeAt(root)) ? new CgroupV2(root, syscalls) : new CgroupV1(root, syscalls);
    }
}
