package io.berth.events.spec;

/**
 * What a container asks of its node. Zero means "no limit" for each field, as in Docker's HostConfig.
 *
 * @param memoryBytes hard memory limit ({@code -m})
 * @param nanoCpus    CPU quota in billionths of a CPU ({@code --cpus})
 * @param pidsLimit   maximum number of processes ({@code --pids-limit})
 * @param cpuShares   relative CPU weight ({@code --cpu-shares})
 */
public record Resources(long memoryBytes, long nanoCpus, long pidsLimit, long cpuShares) {
    public static final Resources NONE = new Resources(0, 0, 0, 0);
}
