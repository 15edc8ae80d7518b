package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.Map;

/** Test harness: node records and snapshots in one line each. */
public final class Nodes {
    public static final long GIB = 1024L * 1024 * 1024;
    public static final long CPU = 1_000_000_000L;
    public static final long NOW = 1_000_000L;
    public static final long TTL = 10_000L;

    private Nodes() {
    }

    /** A ready node with a fresh heartbeat, 4 CPUs and {@code gib} GiB, with {@code used} reserved. */
    public static NodeRecord node(String id, long gib, Capacity used) {
        return new NodeRecord(id, "127.0.0.1:0", new Capacity(4 * CPU, gib * GIB, 0), used, Map.of(), NOW - 500,
                NodeState.READY, 1, "6.1");
    }

    public static NodeRecord node(String id, long gib) {
        return node(id, gib, Capacity.ZERO);
    }

    public static Capacity used(int containers, long gib) {
        return new Capacity(0, gib * GIB, containers);
    }

    public static ClusterSnapshot snapshot(NodeRecord... nodes) {
        return new ClusterSnapshot(java.util.List.of(nodes), NOW);
    }

    public static PlacementRequest wants(long cpus, long gib) {
        return new PlacementRequest("c1", new Capacity(cpus * CPU, gib * GIB, 1));
    }
}
