package io.berth.agent.cgroup;

import java.util.List;
import java.util.Map;

/**
 * What the kernel counted for one container's cgroup at one moment, in one shape for v1 and v2.
 *
 * @param cpuTotalNs   CPU time used by every task, nanoseconds
 * @param perCpuNs     the same per CPU (empty where the kernel does not say, as on v2)
 * @param cpuUserNs    user-mode share of it
 * @param cpuKernelNs  kernel-mode share of it
 * @param memoryUsage  bytes charged now
 * @param memoryLimit  the limit in bytes, or -1 when unlimited
 * @param memoryStat   memory.stat as read (v1 names such as {@code total_inactive_file}, v2 {@code inactive_file})
 * @param pids         tasks in the cgroup
 * @param pidsLimit    pids.max, or 0 when unlimited
 * @param io           bytes read and written per device
 */
public record CgroupUsage(long cpuTotalNs, List<Long> perCpuNs, long cpuUserNs, long cpuKernelNs,
                          long memoryUsage, long memoryLimit, Map<String, Long> memoryStat,
                          long pids, long pidsLimit, List<IoBytes> io) {

    public CgroupUsage {
        perCpuNs = List.copyOf(perCpuNs);
        memoryStat = Map.copyOf(memoryStat);
        io = List.copyOf(io);
    }

    /** One {@code io_service_bytes_recursive} entry: a device and an operation ({@code Read}, {@code Write}, …). */
    public record IoBytes(long major, long minor, String op, long value) {
    }
}
