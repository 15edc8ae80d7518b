package io.berth.gateway.ops;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The native API's JSON for nodes and the cluster: pure functions of the records and the time. */
public final class ClusterView {

    /** One node with what it offers, what is reserved on it, whether it is alive, and its containers. */
    public static Map<String, Object> node(NodeRecord n, List<ContainerRecord> containers, long nowMillis,
                                           long ttlMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", n.id());
        out.put("address", n.address());
        out.put("state", n.state());
        out.put("alive", n.alive(nowMillis, ttlMillis));
        out.put("lastHeartbeatMillis", n.lastHeartbeatMillis());
        out.put("capacity", n.capacity());
        out.put("allocated", n.allocated());
        out.put("labels", n.labels());
        out.put("cgroupVersion", n.cgroupVersion());
        out.put("kernelVersion", n.kernelVersion());
        List<Map<String, Object>> here = new ArrayList<>();
        containers.stream().filter(c -> n.id().equals(c.nodeId())).sorted(Comparator.comparing(ContainerRecord::name))
                .forEach(c -> here.add(Map.of("id", c.id(), "name", c.name(), "state", c.status().docker(),
                        "image", c.spec().image())));
        out.put("containers", here);
        return out;
    }

    /** Every node, and container counts by state (including those not placed on any node). */
    public static Map<String, Object> cluster(List<NodeRecord> nodes, List<ContainerRecord> containers,
                                              long nowMillis, long ttlMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes.stream().sorted(Comparator.comparing(NodeRecord::id))
                .map(n -> node(n, containers, nowMillis, ttlMillis)).toList());
        Map<String, Long> byState = new LinkedHashMap<>();
        for (ContainerState s : ContainerState.values()) {
            byState.put(s.docker(), containers.stream().filter(c -> c.status() == s).count());
        }
        out.put("containers", Map.of("total", containers.size(), "byState", byState,
                "unplaced", containers.stream().filter(c -> c.nodeId() == null).count()));
        return out;
    }

    private ClusterView() {
    }
}
