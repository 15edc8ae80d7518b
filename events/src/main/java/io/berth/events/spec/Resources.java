package io.berth.events.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a container asks of its node. Zero (or empty) means "no limit" for each field, as in Docker's HostConfig.
 *
 * @param memoryBytes hard memory limit ({@code -m})
 * @param nanoCpus    CPU quota in billionths of a CPU ({@code --cpus})
 * @param pidsLimit   maximum number of processes ({@code --pids-limit})
 * @param cpuShares   relative CPU weight ({@code --cpu-shares})
 * @param memorySwap  memory + swap limit ({@code --memory-swap}); -1 unlimited swap, 0 default (twice -m)
 * @param cpusetCpus  CPUs the container may run on ({@code --cpuset-cpus}, e.g. {@code 0-1}), empty for all
 * @param disk        block I/O weight and device throttles ({@link DiskLimits#NONE} when none)
 */
public record Resources(long memoryBytes, long nanoCpus, long pidsLimit, long cpuShares, long memorySwap,
                        String cpusetCpus,
                        // left out of the JSON when none, so specs without disk limits keep their wire form
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DiskLimits.NoneFilter.class)
                        DiskLimits disk) {
    public static final Resources NONE = new Resources(0, 0, 0, 0);

    public Resources {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        disk = disk == null ? DiskLimits.NONE : disk;
    }

    public Resources(long memoryBytes, long nanoCpus, long pidsLimit, long cpuShares, long memorySwap,
                     String cpusetCpus) {
        this(memoryBytes, nanoCpus, pidsLimit, cpuShares, memorySwap, cpusetCpus, DiskLimits.NONE);
    }

    /** The same limits with these block I/O limits. */
    public Resources withDisk(DiskLimits limits) {
        return new Resources(memoryBytes, nanoCpus, pidsLimit, cpuShares, memorySwap, cpusetCpus, limits);
    }

    public Resources(long memoryBytes, long nanoCpus, long pidsLimit, long cpuShares) {
        this(memoryBytes, nanoCpus, pidsLimit, cpuShares, 0, "");
    }
}
