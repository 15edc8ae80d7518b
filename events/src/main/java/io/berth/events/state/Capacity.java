package io.berth.events.state;

/**
 * An amount of node resources: CPU in billionths of a CPU, memory in bytes, a container count and a process
 * count. Zero means "not declared" on a node and "no reservation" in a request.
 */
public record Capacity(long nanoCpus, long memoryBytes, int containers, long pids) {
    public static final Capacity ZERO = new Capacity(0, 0, 0, 0);

    /** Without processes; JSON written before {@code pids} existed reads as this. */
    public Capacity(long nanoCpus, long memoryBytes, int containers) {
        this(nanoCpus, memoryBytes, containers, 0);
    }

    public Capacity plus(Capacity other) {
        return new Capacity(nanoCpus + other.nanoCpus, memoryBytes + other.memoryBytes, containers + other.containers,
                pids + other.pids);
    }

    public Capacity minus(Capacity other) {
        return new Capacity(Math.max(0, nanoCpus - other.nanoCpus), Math.max(0, memoryBytes - other.memoryBytes),
                Math.max(0, containers - other.containers), Math.max(0, pids - other.pids));
    }
}
