package io.berth.agent.runtime;

import io.berth.agent.cgroup.CgroupV2;
import io.berth.agent.sys.LibcSyscalls;
import io.berth.agent.sys.MountTable;
import io.berth.agent.testing.RootRequirement;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real run under cgroup v2, on a hybrid host too: there the v2 tree (usually /sys/fs/cgroup/unified) has no
 * resource controllers, since memory, cpu and pids stay bound to their v1 hierarchies (moving them would mean
 * unmounting the host's v1 hierarchies), but membership, the cgroup namespace, the v2 freezer (cgroup.freeze
 * is core, not a controller) and cpu.stat are all there. Needs root and a cgroup2 mount.
 */
class CgroupV2RuntimeTest {
    private static final List<String> ENV = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin");

    private static Path v2root;
    private Path tmp;
    private Path lower;
    private LinuxRuntime runtime;
    private CgroupV2 cgroups;
    private String id;
    private Path dir;

    @BeforeAll
    static void needsRootAndCgroup2() throws IOException {
        RootRequirement.require("CgroupV2RuntimeTest");
        MountTable mounts = MountTable.read();
        v2root = Stream.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"))
                .filter(p -> "cgroup2".equals(mounts.fsTypeAt(p))).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup2 mount at /sys/fs/cgroup or /sys/fs/cgroup/unified"));
    }

    @BeforeEach
    void image() throws Exception {
        tmp = Files.createTempDirectory("berth-v2");
        lower = BusyboxRootfs.build(tmp.resolve("layer"));
        LibcSyscalls syscalls = new LibcSyscalls();
        cgroups = new CgroupV2(v2root, syscalls);
        runtime = new LinuxRuntime(tmp.resolve("state"), syscalls, cgroups);
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        id = HexFormat.of().formatHex(random);
        dir = Files.createDirectories(tmp.resolve("containers").resolve(id));
    }

    @AfterEach
    void cleanUp() throws Exception {
        runtime.adopt(id, dir).filter(c -> !c.exit().isDone()).ifPresent(c -> runtime.signal(c, 9));
        runtime.adopt(id, dir).ifPresent(c -> c.exit().join());
        runtime.release(id, dir);
        assertFalse(Files.exists(v2root.resolve("berth").resolve(id)), "cgroup left");
        try (Stream<Path> tree = Files.walk(tmp)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aContainerRunsFreezesAndIsAccountedInTheUnifiedTree() throws Exception {
        RunningContainer c = runtime.start(spec(Resources.NONE, "sh", "-c",
                "cat /proc/self/cgroup; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 100"));

        String host = Files.readString(Path.of("/proc", Long.toString(c.pid()), "cgroup"));
        assertTrue(host.lines().anyMatch(l -> l.equals("0::/berth/" + id)), host);
        assertTrue(cgroups.pids(id).contains(c.pid()), cgroups.pids(id).toString());

        cgroups.freeze(id);
        assertTrue(Files.readString(v2root.resolve("berth").resolve(id).resolve("cgroup.events"))
                .contains("frozen 1"));
        cgroups.thaw(id);
        assertTrue(Files.readString(v2root.resolve("berth").resolve(id).resolve("cgroup.events"))
                .contains("frozen 0"));
        assertTrue(cgroups.usage(id).cpuTotalNs() > 0, "cpu.stat counts without the cpu controller");

        // inside, its cgroup namespace makes its own cgroup the root; the line may still be on its way to the log
        java.nio.file.Path logFile = new ContainerFiles(dir).log();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.readString(logFile).contains("0::/") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        runtime.signal(c, 9);
        assertEquals(137, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(logFile);
        assertTrue(log.contains("{\"log\":\"0::/\\n\""), log);
    }

    /**
     * With every capability (no confinement in this spec) and no v1 devices cgroup, only the BPF device program
     * on its v2 cgroup stands between the container and a block device of the host that this test itself can
     * read: mknod is allowed, use is not.
     */
    @Test
    void theDeviceProgramRefusesTheHostsBlockDevices() throws Exception {
        long dev = openableBlockDevice();
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        RunningContainer c = runtime.start(spec(Resources.NONE, "sh", "-c", "mknod /dev/disk b " + major + " "
                + minor + " && echo made; head -c 1 /dev/disk > /dev/null && echo READ || echo refused; "
                + "head -c 1 /dev/zero | wc -c"));
        assertEquals(0, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(dir).log());
        assertTrue(log.contains("made\\n") && log.contains("refused\\n") && !log.contains("READ"), log);
        assertTrue(log.contains("Operation not permitted"), log);
        assertTrue(log.contains("1\\n"), "the standard devices stay usable: " + log);
    }

    /** The device number of a block device in /dev this (root) test can open for reading. */
    static long openableBlockDevice() throws IOException {
        try (Stream<Path> devs = Files.list(Path.of("/dev"))) {
            for (Path p : devs.sorted().toList()) {
                if (((Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        & 0170000) != 0060000) {
                    continue;
                }
                try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.READ)) {
                    return (Long) Files.getAttribute(p, "unix:rdev");
                } catch (IOException refused) {
                    // this environment keeps some devices from root too: try the next
                }
            }
        }
        throw new AssertionError("no block device in /dev that root can open here");
    }

    @Test
    void aLimitWithoutItsControllerIsRefusedAndLeavesNothing() throws IOException {
        String offered = Files.readString(v2root.resolve("cgroup.controllers"));
        if (offered.contains("memory")) {
            return; // a pure v2 host has the controller: nothing to refuse (the v2 limits are tested elsewhere)
        }
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> runtime.start(spec(new Resources(64L << 20, 0, 0, 0), "true")));
        assertTrue(failure.getMessage().contains("memory.max"), failure.getMessage());
        assertFalse(Files.exists(v2root.resolve("berth").resolve(id)));
    }

    private RuntimeSpec spec(Resources resources, String... argv) {
        return new RuntimeSpec(id, List.of(lower), dir, List.of(argv), ENV, "/", "v2", "", resources);
    }
}
