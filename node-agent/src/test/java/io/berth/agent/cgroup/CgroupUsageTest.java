package io.berth.agent.cgroup;

import io.berth.agent.sys.RecordingSyscalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CgroupUsageTest {
    private static final String ID = "c0ffee";

    @TempDir
    Path tmp;

    private void put(String file, String text) throws IOException {
        Path path = tmp.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void readsV1AccountingFromEachController() throws IOException {
        CgroupFsTree.v1(tmp);
        put("cpuacct/berth/c0ffee/cpuacct.usage", "2500000000\n");
        put("cpuacct/berth/c0ffee/cpuacct.usage_percpu", "1000000000 1500000000 \n");
        put("cpuacct/berth/c0ffee/cpuacct.stat", "user 200\nsystem 50\n");
        put("memory/berth/c0ffee/memory.usage_in_bytes", "1048576\n");
        put("memory/berth/c0ffee/memory.limit_in_bytes", "67108864\n");
        put("memory/berth/c0ffee/memory.stat", "cache 4096\ntotal_inactive_file 4096\nrss 8192\n");
        put("pids/berth/c0ffee/pids.current", "3\n");
        put("pids/berth/c0ffee/pids.max", "max\n");
        put("blkio/berth/c0ffee/blkio.throttle.io_service_bytes",
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Total 12288\nTotal 12288\n");

        CgroupUsage u = new CgroupV1(tmp, new RecordingSyscalls()).usage(ID);

        assertEquals(2_500_000_000L, u.cpuTotalNs());
        assertEquals(List.of(1_000_000_000L, 1_500_000_000L), u.perCpuNs());
        assertEquals(2_000_000_000L, u.cpuUserNs(), "200 ticks of 10 ms");
        assertEquals(500_000_000L, u.cpuKernelNs());
        assertEquals(1_048_576L, u.memoryUsage());
        assertEquals(64L << 20, u.memoryLimit());
        assertEquals(4096L, u.memoryStat().get("total_inactive_file"));
        assertEquals(3, u.pids());
        assertEquals(0, u.pidsLimit(), "max is no limit");
        assertEquals(4, u.io().size(), "the device-less Total line is skipped");
        assertEquals(new CgroupUsage.IoBytes(8, 0, "Read", 4096), u.io().get(0));
    }

    @Test
    void anUnlimitedV1MemoryCgroupHasNoLimit() throws IOException {
        CgroupFsTree.v1(tmp);
        put("memory/berth/c0ffee/memory.limit_in_bytes", "9223372036854771712\n");

        assertEquals(-1, new CgroupV1(tmp, new RecordingSyscalls()).usage(ID).memoryLimit());
    }

    @Test
    void readsV2AccountingFromTheUnifiedDirectory() throws IOException {
        CgroupFsTree.v2(tmp, "cpu io memory pids");
        put("berth/c0ffee/cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n");
        put("berth/c0ffee/memory.current", "1048576\n");
        put("berth/c0ffee/memory.max", "max\n");
        put("berth/c0ffee/memory.stat", "anon 8192\ninactive_file 4096\n");
        put("berth/c0ffee/pids.current", "2\n");
        put("berth/c0ffee/pids.max", "100\n");
        put("berth/c0ffee/io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");

        CgroupUsage u = new CgroupV2(tmp, new RecordingSyscalls()).usage(ID);

        assertEquals(2_500_000_000L, u.cpuTotalNs());
        assertEquals(List.of(), u.perCpuNs(), "v2 has no per-CPU counters");
        assertEquals(2_000_000_000L, u.cpuUserNs());
        assertEquals(500_000_000L, u.cpuKernelNs());
        assertEquals(1_048_576L, u.memoryUsage());
        assertEquals(-1, u.memoryLimit());
        assertEquals(4096L, u.memoryStat().get("inactive_file"));
        assertEquals(2, u.pids());
        assertEquals(100, u.pidsLimit());
        assertEquals(List.of(new CgroupUsage.IoBytes(8, 0, "read", 4096), new CgroupUsage.IoBytes(8, 0, "write", 8192)),
                u.io());
    }

    @Test
    void aMissingCgroupReadsAsZeros() {
        CgroupUsage u = new CgroupV2(tmp, new RecordingSyscalls()).usage(ID);

        assertEquals(0, u.cpuTotalNs());
        assertEquals(0, u.memoryUsage());
        assertEquals(-1, u.memoryLimit());
        assertEquals(List.of(), u.io());
    }
}
