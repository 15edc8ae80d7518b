package io.berth.agent.cgroup;

import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --memory-swap and --cpuset-cpus reach their control files, and memsw is skipped where the kernel lacks it. */
class CgroupSwapAndCpusetTest {
    private static final long MB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void swapDefaultsToTwiceMemoryUnlimitedIsMinusOneOrMax() {
        assertEquals(128 * MB, CgroupLimits.memoryAndSwap(new Resources(64 * MB, 0, 0, 0, 0, "")));
        assertEquals(100 * MB, CgroupLimits.memoryAndSwap(new Resources(64 * MB, 0, 0, 0, 100 * MB, "")));
        assertEquals(-1, CgroupLimits.memoryAndSwap(new Resources(64 * MB, 0, 0, 0, -1, "")));
        assertTrue(CgroupLimits.v2(new Resources(64 * MB, 0, 0, 0, -1, ""))
                .contains(new LimitFile("memory", "memory.swap.max", "max", true)));
        assertTrue(CgroupLimits.v2(new Resources(64 * MB, 0, 0, 0, 100 * MB, ""))
                .contains(new LimitFile("memory", "memory.swap.max", Long.toString(36 * MB), true)));
    }

    @Test
    void v1WritesMemswAfterMemoryWhenTheKernelOffersItAndCpusetCpus() throws IOException {
        CgroupFsTree.v1(tmp);
        Path memory = Files.createDirectories(tmp.resolve("memory/berth/c1"));
        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "");
        new CgroupV1(tmp, new RecordingSyscalls()).create("c1", new Resources(64 * MB, 0, 0, 0, 96 * MB, "0"));

        assertEquals(Long.toString(96 * MB), Files.readString(memory.resolve("memory.memsw.limit_in_bytes")));
        // the fake keeps every write: first the inherited 0-1, then the requested 0
        assertEquals("0-1" + "0", Files.readString(tmp.resolve("cpuset/berth/c1/cpuset.cpus")));
    }

    @Test
    void v1SkipsMemswWithoutSwapAccounting() throws IOException {
        CgroupFsTree.v1(tmp);
        new CgroupV1(tmp, new RecordingSyscalls()).create("c2", new Resources(64 * MB, 0, 0, 0, 0, ""));

        assertFalse(Files.exists(tmp.resolve("memory/berth/c2/memory.memsw.limit_in_bytes")));
        assertEquals(Long.toString(64 * MB), Files.readString(tmp.resolve("memory/berth/c2/memory.limit_in_bytes")));
    }

    @Test
    void v2WritesCpusetCpus() throws IOException {
        CgroupV2 cgroups = new CgroupV2(CgroupFsTree.v2(tmp, "cpuset memory"), new RecordingSyscalls());
        cgroups.create("c3", new Resources(0, 0, 0, 0, 0, "1"));
        assertEquals("1", Files.readString(tmp.resolve("berth/c3/cpuset.cpus")));
    }
}
