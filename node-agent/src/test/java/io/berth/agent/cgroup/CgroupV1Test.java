package io.berth.agent.cgroup;

import io.berth.agent.sys.Errno;
import io.berth.agent.sys.RecordingSyscalls;
import io.berth.agent.sys.SyscallFailure;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgroupV1Test {
    private static final String ID = "c0ffee";

    @TempDir
    Path tmp;

    private final RecordingSyscalls syscalls = new RecordingSyscalls();

    @Test
    void createsOneDirectoryPerControllerWithLimits() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), syscalls);

        List<Path> procs = cgroups.create(ID, new Resources(64L << 20, 1_500_000_000L, 100, 512));

        assertEquals(CgroupV1.CONTROLLERS.size(), procs.size());
        assertTrue(procs.contains(tmp.resolve("memory/berth/c0ffee/cgroup.procs")));
        assertEquals("67108864", read("memory/berth/c0ffee/memory.limit_in_bytes"));
        assertEquals("150000", read("cpu/berth/c0ffee/cpu.cfs_quota_us"));
        assertEquals("100000", read("cpu/berth/c0ffee/cpu.cfs_period_us"));
        assertEquals("512", read("cpu/berth/c0ffee/cpu.shares"));
        assertEquals("100", read("pids/berth/c0ffee/pids.max"));
        assertTrue(cgroups.exists(ID));
        assertEquals("a", read("devices/berth/c0ffee/devices.deny"));
        String allowed = read("devices/berth/c0ffee/devices.allow");
        assertTrue(allowed.startsWith("c *:* mb *:* mc 1:3 rwm"), allowed);
        assertTrue(allowed.endsWith("c 136:* rwm"), allowed);
    }

    @Test
    void cpusetInheritsCpusAndMemsAtEveryLevel() throws IOException {
        new CgroupV1(CgroupFsTree.v1(tmp), syscalls).create(ID, Resources.NONE);

        assertEquals("0-1", read("cpuset/berth/cpuset.cpus"));
        assertEquals("0", read("cpuset/berth/cpuset.mems"));
        assertEquals("0-1", read("cpuset/berth/c0ffee/cpuset.cpus"));
        assertEquals("0", read("cpuset/berth/c0ffee/cpuset.mems"));
    }

    @Test
    void noLimitsWritesNoLimitFiles() throws IOException {
        new CgroupV1(CgroupFsTree.v1(tmp), syscalls).create(ID, Resources.NONE);

        assertFalse(Files.exists(tmp.resolve("memory/berth/c0ffee/memory.limit_in_bytes")));
        assertFalse(Files.exists(tmp.resolve("pids/berth/c0ffee/pids.max")));
    }

    @Test
    void skipsControllersTheHostDoesNotMount() throws IOException {
        Files.createDirectories(tmp.resolve("memory"));
        List<Path> procs = new CgroupV1(tmp, syscalls).create(ID, new Resources(1 << 20, 0, 7, 0));

        assertEquals(List.of(tmp.resolve("memory/berth/c0ffee/cgroup.procs")), procs);
        assertFalse(Files.exists(tmp.resolve("pids")));
    }

    @Test
    void removeRetriesWhileBusyAndIsIdempotent() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), syscalls);
        cgroups.create(ID, Resources.NONE);
        syscalls.failNext("rmdir", Errno.EBUSY, 2);

        cgroups.remove(ID);
        cgroups.remove(ID);

        assertFalse(cgroups.exists(ID));
        long memoryAttempts = syscalls.calls().stream()
                .filter(c -> c.equals("rmdir " + tmp.resolve("memory/berth/c0ffee"))).count();
        assertEquals(4, memoryAttempts, "3 tries the first time, 1 the second");
    }

    @Test
    void removeGivesUpOnOtherErrors() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), syscalls);
        cgroups.create(ID, Resources.NONE);
        syscalls.failNext("rmdir", 1, 1);

        SyscallFailure failure = assertThrows(SyscallFailure.class, () -> cgroups.remove(ID));
        assertEquals(1, failure.errno());
    }

    @Test
    void theSharedParentGoesOnlyWhenUnused() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), syscalls);
        cgroups.create(ID, Resources.NONE);
        // a parent still holding a container: the kernel answers ENOTEMPTY for each and every parent stays
        int parents;
        try (var controllers = Files.list(tmp)) {
            parents = (int) controllers.filter(c -> Files.isDirectory(c.resolve("berth"))).count();
        }
        syscalls.failNext("rmdir", Errno.ENOTEMPTY, parents);
        cgroups.removeParent();
        assertTrue(Files.isDirectory(tmp.resolve("memory/berth")));
        cgroups.remove(ID);
        cgroups.removeParent();
        assertFalse(Files.isDirectory(tmp.resolve("memory/berth")));
        assertFalse(Files.isDirectory(tmp.resolve("pids/berth")));
        cgroups.removeParent();
    }

    @Test
    void readsPidsAndOomKills() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), syscalls);
        cgroups.create(ID, Resources.NONE);
        Files.writeString(tmp.resolve("memory/berth/c0ffee/cgroup.procs"), "42\n43\n");
        Files.writeString(tmp.resolve("pids/berth/c0ffee/cgroup.procs"), "42\n");
        assertEquals(List.of(42L, 43L), cgroups.pids(ID));

        assertFalse(cgroups.oomKilled(ID));
        Files.writeString(tmp.resolve("memory/berth/c0ffee/memory.oom_control"),
                "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        assertTrue(cgroups.oomKilled(ID));
    }

    private String read(String relative) throws IOException {
        return Files.readString(tmp.resolve(relative)).strip();
    }
}
