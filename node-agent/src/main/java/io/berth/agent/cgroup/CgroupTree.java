package io.berth.agent.cgroup;

import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What both cgroup versions stand on: the cgroupfs root, the parent containers' cgroups sit under (dockerd's
 * {@code --cgroup-parent}, {@code berth} by default), the directory calls and the node's block devices.
 */
abstract sealed class CgroupTree implements Cgroups permits CgroupV1, CgroupV2 {
    final Path root;
    final String parent;
    final CgroupDirs dirs;
    final BlockDevices devices;
    final Syscalls syscalls;

    CgroupTree(Path root, String parent, Syscalls syscalls, BlockDevices devices) {
        this.root = root;
        this.parent = parent;
        this.dirs = new CgroupDirs(syscalls);
        this.devices = devices;
        this.syscalls = syscalls;
    }

    /** Some limit writes, as one step that may fail part-way. */
    @FunctionalInterface
    interface LimitWrites {
        void run() throws IOException;
    }

    /**
     * Runs {@code forward}; when the kernel refuses one of its writes, runs {@code back} (the limits as they
     * were) so an update is all or nothing, and rethrows with any failure of the way back attached.
     */
    static void allOrNothing(LimitWrites forward, LimitWrites back) throws IOException {
        try {
            forward.run();
        } catch (IOException e) {
            try {
                back.run();
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }
}
