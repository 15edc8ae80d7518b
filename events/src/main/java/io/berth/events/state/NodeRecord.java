package io.berth.events.state;

import java.util.List;
import java.util.Map;

/**
 * A host that runs containers (Hazelcast {@code nodes} map). The node agent writes its address, capacity,
 * labels and heartbeat; the scheduler writes {@code allocated} and {@code state}, each through
 * compare-and-set so neither overwrites the other.
 *
 * @param id                 node id (the agent's configured name, by default the host name)
 * @param address            {@code host:port} of the agent's stream endpoint (logs, attach, exec)
 * @param capacity           what the node offers
 * @param allocated          what the scheduler has reserved on it
 * @param labels             node labels, for constraints
 * @param lastHeartbeatMillis epoch millis of the last heartbeat
 * @param state              where the node stands with the scheduler
 * @param cgroupVersion      1 or 2, as the agent detected
 * @param kernelVersion      the node's kernel release
 * @param hostPorts          the host ports containers placed here hold (the scheduler's, with {@code allocated})
 * @param reserving          containers whose resources {@code allocated} already holds but whose reservation record
 *                           is not written yet (the scheduler's, for one batch): a scheduler that dies in between
 *                           leaves them here, so the one that replays the batch books them again without counting
 *                           them twice
 */
public record NodeRecord(
        String id,
        String address,
        Capacity capacity,
        Capacity allocated,
        Map<String, String> labels,
        long lastHeartbeatMillis,
        NodeState state,
        int cgroupVersion,
        String kernelVersion,
        List<HostPortClaim> hostPorts,
        List<String> reserving) {

    public NodeRecord {
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        reserving = reserving == null ? List.of() : List.copyOf(reserving);
        capacity = capacity == null ? Capacity.ZERO : capacity;
        allocated = allocated == null ? Capacity.ZERO : allocated;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        state = state == null ? NodeState.READY : state;
    }

    /** A node with no batch of reservations under way. */
    public NodeRecord(String id, String address, Capacity capacity, Capacity allocated, Map<String, String> labels,
                      long lastHeartbeatMillis, NodeState state, int cgroupVersion, String kernelVersion,
                      List<HostPortClaim> hostPorts) {
        this(id, address, capacity, allocated, labels, lastHeartbeatMillis, state, cgroupVersion, kernelVersion,
                hostPorts, List.of());
    }

    /** A node holding no host port. */
    public NodeRecord(String id, String address, Capacity capacity, Capacity allocated, Map<String, String> labels,
                      long lastHeartbeatMillis, NodeState state, int cgroupVersion, String kernelVersion) {
        this(id, address, capacity, allocated, labels, lastHeartbeatMillis, state, cgroupVersion, kernelVersion,
                List.of());
    }

    /** A heartbeat: refreshes what the agent owns and keeps what the scheduler owns. */
    public NodeRecord heartbeat(String newAddress, Capacity newCapacity, Map<String, String> newLabels, long now,
                                int cgroups, String kernel) {
        NodeState keepState = state == NodeState.DOWN ? NodeState.READY : state;
        return new NodeRecord(id, newAddress, newCapacity, allocated, newLabels, now, keepState, cgroups, kernel,
                hostPorts, reserving);
    }

    public NodeRecord withAllocated(Capacity newAllocated) {
        return new NodeRecord(id, address, capacity, newAllocated, labels, lastHeartbeatMillis, state, cgroupVersion,
                kernelVersion, hostPorts, reserving);
    }

    public NodeRecord withState(NodeState newState) {
        return new NodeRecord(id, address, capacity, allocated, labels, lastHeartbeatMillis, newState, cgroupVersion,
                kernelVersion, hostPorts, reserving);
    }

    /** The same node with {@code claims} held as well. */
    public NodeRecord withHostPorts(List<HostPortClaim> claims) {
        return new NodeRecord(id, address, capacity, allocated, labels, lastHeartbeatMillis, state, cgroupVersion,
                kernelVersion, claims, reserving);
    }

    /** The same node with {@code ids} as the containers booked but not yet recorded (see {@code reserving}). */
    public NodeRecord withReserving(List<String> ids) {
        return new NodeRecord(id, address, capacity, allocated, labels, lastHeartbeatMillis, state, cgroupVersion,
                kernelVersion, hostPorts, ids);
    }

    /** The claims of every container but {@code containerId}. */
    public List<HostPortClaim> hostPortsOfOthers(String containerId) {
        return hostPorts.stream().filter(c -> !c.containerId().equals(containerId)).toList();
    }

    /** Whether the last heartbeat is younger than {@code ttlMillis} at {@code now}. */
    public boolean alive(long now, long ttlMillis) {
        return now - lastHeartbeatMillis <= ttlMillis;
    }
}
