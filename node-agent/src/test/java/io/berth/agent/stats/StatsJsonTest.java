package io.berth.agent.stats;

import io.berth.agent.cgroup.CgroupUsage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsJsonTest {
    private static final long HOST_MEMORY = 8L << 30;

    private static StatsSample sample(long cpuNs, long systemNs, long limit, Instant at) {
        CgroupUsage usage = new CgroupUsage(cpuNs, List.of(cpuNs), cpuNs / 2, cpuNs / 2, 4 << 20, limit,
                Map.of("total_inactive_file", 1L << 20), 1, 0,
                List.of(new CgroupUsage.IoBytes(8, 0, "Read", 4096)));
        return new StatsSample(at, usage, new HostCpu(systemNs, 2));
    }

    @Test
    void hasTheFieldsTheCliReads() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        JsonObject json = StatsJson.of("abc", "web", sample(2_000_000_000L, 10_000_000_000L, 64L << 20,
                t0.plusSeconds(1)), sample(1_000_000_000L, 8_000_000_000L, 64L << 20, t0), HOST_MEMORY);

        assertEquals("2026-01-01T00:00:01Z", json.getString("read"));
        assertEquals("2026-01-01T00:00:00Z", json.getString("preread"));
        assertEquals("/web", json.getString("name"));
        assertEquals(1L, json.getJsonObject("pids_stats").getLong("current"));
        assertFalse(json.getJsonObject("pids_stats").containsKey("limit"), "no pids limit, no field");
        JsonObject cpu = json.getJsonObject("cpu_stats");
        assertEquals(2_000_000_000L, cpu.getJsonObject("cpu_usage").getLong("total_usage"));
        assertEquals(1, cpu.getJsonObject("cpu_usage").getJsonArray("percpu_usage").size());
        assertEquals(10_000_000_000L, cpu.getLong("system_cpu_usage"));
        assertEquals(2, cpu.getInteger("online_cpus"));
        assertEquals(1_000_000_000L, json.getJsonObject("precpu_stats").getJsonObject("cpu_usage").getLong("total_usage"));
        JsonObject memory = json.getJsonObject("memory_stats");
        assertEquals(4L << 20, memory.getLong("usage"));
        assertEquals(64L << 20, memory.getLong("limit"));
        assertEquals(1L << 20, memory.getJsonObject("stats").getLong("total_inactive_file"));
        assertTrue(json.getJsonObject("networks").isEmpty(), "only lo: the CLI prints 0B / 0B");
        JsonObject io = json.getJsonObject("blkio_stats").getJsonArray("io_service_bytes_recursive").getJsonObject(0);
        assertEquals("Read", io.getString("op"));
        assertEquals(4096L, io.getLong("value"));
    }

    @Test
    void noLimitReportsTheHostsMemoryAndNoPreviousSampleTheZeroTime() {
        JsonObject json = StatsJson.of("abc", "web", sample(1, 1, -1, Instant.EPOCH), null, HOST_MEMORY);

        assertEquals(HOST_MEMORY, json.getJsonObject("memory_stats").getLong("limit"));
        assertEquals("0001-01-01T00:00:00Z", json.getString("preread"));
        assertEquals(0L, json.getJsonObject("precpu_stats").getJsonObject("cpu_usage").getLong("total_usage"));
    }

    @Test
    void systemCpuIsTheCpuLineInNanoseconds() {
        HostCpu cpu = HostCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\n"
                + "cpu1 50 0 25 400 25 0 0 0 0 0\nintr 12345\nbtime 1700000000\n");

        assertEquals(1000L * 10_000_000L, cpu.systemNs(), "1000 ticks of 10 ms");
        assertEquals(2, cpu.onlineCpus());
    }
}
