package io.berth.agent.cgroup;

import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgroupV2Test {
    private static final String ID = "c0ffee";

    @TempDir
    Path tmp;

    private final RecordingSyscalls syscalls = new RecordingSyscalls();

    @Test
    void delegatesOfferedControllersAndWritesLimits() throws IOException {
        CgroupFsTree.v2(tmp, "cpuset cpu io memory hugetlb pids rdma");
        CgroupFsTree.v2Child(tmp.resolve("berth"), "cpuset cpu io memory pids");
        CgroupV2 cgroups = new CgroupV2(tmp, syscalls);

        List<Path> procs = cgroups.create(ID, new Resources(64L << 20, 500_000_000L, 20, 1024));

        assertEquals(List.of(tmp.resolve("berth/c0ffee/cgroup.procs")), procs);
        assertEquals("+cpu +cpuset +io +memory +pids", read("cgroup.subtree_control"));
        assertEquals("+cpu +cpuset +io +memory +pids", read("berth/cgroup.subtree_control"));
        assertEquals("67108864", read("berth/c0ffee/memory.max"));
        assertEquals("50000 100000", read("berth/c0ffee/cpu.max"));
        assertEquals("20", read("berth/c0ffee/pids.max"));
        assertEquals("39", read("berth/c0ffee/cpu.weight"));
        // Docker's device rules, as v2 has them: a program on the container's own cgroup
        assertTrue(syscalls.calls().contains("bpf device filter " + tmp.resolve("berth/c0ffee") + " "
                + DeviceFilter.dockerDefault().length / DeviceFilter.INSN + " insns"), syscalls.calls().toString());
    }

    @Test
    void onlyEnablesWhatTheParentOffers() throws IOException {
        CgroupFsTree.v2(tmp, "memory pids");
        new CgroupV2(tmp, syscalls).create(ID, Resources.NONE);

        assertEquals("+memory +pids", read("cgroup.subtree_control"));
    }

    @Test
    void removeAndOom() throws IOException {
        CgroupFsTree.v2(tmp, "memory pids");
        CgroupV2 cgroups = new CgroupV2(tmp, syscalls);
        cgroups.create(ID, Resources.NONE);
        Files.writeString(tmp.resolve("berth/c0ffee/memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertTrue(cgroups.oomKilled(ID));

        cgroups.remove(ID);
        cgroups.remove(ID);

        assertFalse(cgroups.exists(ID));
        assertTrue(Files.isDirectory(tmp.resolve("berth")), "the shared parent stays");
    }

    private String read(String relative) throws IOException {
        return Files.readString(tmp.resolve(relative)).strip();
    }
}
