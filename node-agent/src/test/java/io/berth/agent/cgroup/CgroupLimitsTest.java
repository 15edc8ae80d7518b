package io.berth.agent.cgroup;

import io.berth.agent.sys.MountTable;
import io.berth.agent.sys.RecordingSyscalls;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CgroupLimitsTest {

    @Test
    void cpuWeightFollowsRuncMapping() {
        assertEquals(1, CgroupLimits.weight(2));
        assertEquals(39, CgroupLimits.weight(1024));
        assertEquals(10000, CgroupLimits.weight(262_144));
        assertEquals(10000, CgroupLimits.weight(1_000_000));
    }

    @Test
    void quotaHasTheKernelMinimum() {
        assertEquals(200_000, CgroupLimits.quotaUs(2_000_000_000L));
        assertEquals(1000, CgroupLimits.quotaUs(1));
    }

    @Test
    void probeTakesV2OnlyWhenTheRootIsCgroup2() {
        Path root = Path.of("/sys/fs/cgroup");
        RecordingSyscalls syscalls = new RecordingSyscalls();
        String hybrid = """
                31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw
                35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
                41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
                """;
        String unified = "31 23 0:28 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw\n";

        assertInstanceOf(CgroupV1.class, CgroupProbe.choose(MountTable.parse(hybrid), root, syscalls));
        assertInstanceOf(CgroupV2.class, CgroupProbe.choose(MountTable.parse(unified), root, syscalls));
    }
}
