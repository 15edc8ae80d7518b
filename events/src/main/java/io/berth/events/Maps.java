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
    /** container id → {@link io.berth.events.state.EndpointRecord}: its address on the node's bridge. */
    public static final String ENDPOINTS = "endpoints";
    /**
     * a subnet of the cluster pool ({@code 10.87.3.0/24}) → who holds it: a node id for that node's default bridge,
     * {@code network:<name>} for a user-defined network's, so the two never overlap.
     */
    public static final String BRIDGE_SUBNETS = "bridge-subnets";

    /** a user-defined network's name → {@link io.berth.events.state.NetworkRecord}. */
    public static final String NETWORKS = "networks";

    private Maps() {
    }
}
