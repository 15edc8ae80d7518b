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
    /** {@link io.berth.events.state.EndpointRecord#key()} (the container id for eth0, {@code <id>/ethN} beyond) → its address on one network. */
    public static final String ENDPOINTS = "endpoints";
    /**
     * a subnet of the cluster pool ({@code 10.87.3.0/24}) → who holds it: a node id for that node's default bridge,
     * {@code network:<name>} for a user-defined network's, so the two never overlap.
     */
    public static final String BRIDGE_SUBNETS = "bridge-subnets";

    /** a user-defined network's name → {@link io.berth.events.state.NetworkRecord}. */
    public static final String NETWORKS = "networks";

    /**
     * A user-defined network's VXLAN id, both ways: {@code <network id>} → VNI (decimal) and {@code vni/<VNI>} →
     * network id. Taken with {@code putIfAbsent} by the first agent that carries the network, so it is one per
     * network cluster-wide and stays as long as the network does.
     */
    public static final String NETWORK_VNIS = "network-vnis";

    /**
     * One address lease of a user-defined network: {@code <network name>/<IPv4>} → container id, taken with
     * {@code putIfAbsent}, so agents on two nodes never hand out one address twice.
     */
    public static final String NETWORK_ADDRESSES = "network-addresses";

    private Maps() {
    }
}
