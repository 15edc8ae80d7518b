package io.berth.agent.stats;

import io.berth.agent.cgroup.CgroupUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The Docker stats object for two samples (the CLI computes CPU % from their difference). Memory with no
 * limit reports the host's memory, as dockerd does; the container has only a loopback interface, so
 * {@code networks} is empty and the CLI prints {@code 0B / 0B}.
 */
public final class StatsJson {
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** {@code pre} may be null (the first object of a stream has no earlier sample). */
    public static JsonObject of(String id, String name, StatsSample now, StatsSample pre, long hostMemory) {
        CgroupUsage u = now.usage();
        JsonObject memory = new JsonObject()
                .put("usage", u.memoryUsage())
                .put("limit", u.memoryLimit() < 0 || u.memoryLimit() > hostMemory ? hostMemory : u.memoryLimit())
                .put("stats", new JsonObject(new LinkedHashMap<>(u.memoryStat())));
        u.memoryStat().entrySet().stream().filter(e -> e.getKey().equals("max_usage"))
                .forEach(e -> memory.put("max_usage", e.getValue()));
        JsonArray io = new JsonArray();
        u.io().forEach(b -> io.add(new JsonObject().put("major", b.major()).put("minor", b.minor())
                .put("op", b.op()).put("value", b.value())));
        return new JsonObject()
                .put("read", now.read().toString())
                .put("preread", (pre == null ? ZERO_TIME : pre.read()).toString())
                .put("id", id)
                .put("name", "/" + name)
                .put("pids_stats", pids(u))
                .put("cpu_stats", cpu(now))
                .put("precpu_stats", pre == null ? new JsonObject().put("cpu_usage", new JsonObject()
                        .put("total_usage", 0)).put("throttling_data", new JsonObject()) : cpu(pre))
                .put("memory_stats", memory)
                .put("networks", new JsonObject())
                .put("blkio_stats", new JsonObject().put("io_service_bytes_recursive", io));
    }

    private static JsonObject pids(CgroupUsage u) {
        JsonObject pids = new JsonObject().put("current", u.pids());
        if (u.pidsLimit() > 0) {
            pids.put("limit", u.pidsLimit());
        }
        return pids;
    }

    private static JsonObject cpu(StatsSample s) {
        CgroupUsage u = s.usage();
        JsonObject usage = new JsonObject().put("total_usage", u.cpuTotalNs())
                .put("usage_in_kernelmode", u.cpuKernelNs()).put("usage_in_usermode", u.cpuUserNs());
        if (!u.perCpuNs().isEmpty()) {
            usage.put("percpu_usage", new JsonArray(new ArrayList<>(u.perCpuNs())));
        }
        return new JsonObject().put("cpu_usage", usage).put("system_cpu_usage", s.host().systemNs())
                .put("online_cpus", s.host().onlineCpus()).put("throttling_data", new JsonObject()
                        .put("periods", 0).put("throttled_periods", 0).put("throttled_time", 0));
    }

    private StatsJson() {
    }
}
