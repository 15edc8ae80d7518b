package io.berth.agent.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lays out a temporary directory like the host's cgroupfs, v1 or v2. */
final class CgroupFsTree {
    private CgroupFsTree() {
    }

    static Path v1(Path root) throws IOException {
        for (String controller : CgroupV1.CONTROLLERS) {
            Files.createDirectories(root.resolve(controller));
        }
        Files.writeString(root.resolve("cpuset/cpuset.cpus"), "0-1\n");
        Files.writeString(root.resolve("cpuset/cpuset.mems"), "0\n");
        return root;
    }

    static Path v2(Path root, String controllers) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
        return root;
    }

    /** The kernel creates these in every new v2 cgroup; the fake does it on the first file we write. */
    static void v2Child(Path dir, String controllers) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cgroup.controllers"), controllers + "\n");
    }
}
