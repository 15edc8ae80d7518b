package io.berth.events.state;

/** An amount of node resources: CPU in billionths of a CPU, memory in bytes, and a container count. */
public record Capacity(long nanoCpus, long memoryBytes, int containers) {
    public static final Capacity ZERO = new Capacity(0, 0, 0);

    public Capacity plus(Capacity other) {
        return new Capacity(nanoCpus + other.nanoCpus, memoryBytes + other.memoryBytes, containers + other.containers);
    }

    public Capacity minus(Capacity other) {
        return new Capacity(Math.max(0, nanoCpus - other.nanoCpus), Math.max(0, memoryBytes - other.memoryBytes),
                Math.max(0, containers - other.containers));
    }
}
