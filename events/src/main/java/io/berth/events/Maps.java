package io.berth.events;

/** Hazelcast map names. Values are JSON strings of the records in {@code io.berth.events.state}. */
public final class Maps {
    /** node id → {@link io.berth.events.state.NodeRecord}. */
    public static final String NODES = "nodes";
    /** container id → {@link io.berth.events.state.ContainerRecord}. */
    public static final String CONTAINERS = "containers";
    /** volume name → {@link io.berth.events.state.VolumeRecord}. */
    public static final String VOLUMES = "volumes";
    /** container name (without the leading slash) → container id. */
    public static final String NAMES = "names";

    private Maps() {
    }
}
