package io.berth.agent.dns;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.net.Ipv4;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names on a user-defined network, read from the cluster at each query (so they follow containers as they
 * come and go): each running container on it answers to its name, its aliases (compose's service name) and its
 * short id, as with dockerd's embedded DNS. Several containers with one alias all answer (compose's scale).
 */
public final class EndpointNames {
    private final Map<String, String> endpoints;
    private final Map<String, String> records;
    private final Map<String, String> nodes;

    public EndpointNames(Map<String, String> endpoints, Map<String, String> records) {
        this(endpoints, records, Map.of());
    }

    /** @param nodes the cluster's nodes: a container on a node the scheduler marked down answers no more */
    public EndpointNames(Map<String, String> endpoints, Map<String, String> records, Map<String, String> nodes) {
        this.endpoints = endpoints;
        this.records = records;
        this.nodes = nodes;
    }

    /** The addresses {@code name} (lower case) has on {@code network}; empty when none. */
    public List<Ipv4> resolve(String network, String name) {
        List<Ipv4> out = new ArrayList<>();
        for (String json : endpoints.values()) {
            EndpointRecord ep = Json.read(json, EndpointRecord.class);
            if (!network.equals(ep.network())) {
                continue;
            }
            String recordJson = records.get(ep.containerId());
            if (recordJson == null) {
                continue;
            }
            ContainerRecord r = Json.read(recordJson, ContainerRecord.class);
            // an endpoint left on the node a container moved off, or on a node that died, answers no more
            boolean placed = r.nodeId() == null || r.nodeId().equals(ep.nodeId()) && !down(r.nodeId());
            if (running(r) && placed && answersTo(r, name)) {
                out.add(Ipv4.parse(ep.address()));
            }
        }
        return out;
    }

    static boolean answersTo(ContainerRecord r, String name) {
        if (r.name().equalsIgnoreCase(name) || r.id().substring(0, 12).equals(name) || r.id().equals(name)) {
            return true;
        }
        return r.spec() != null && r.spec().network().aliases().stream().anyMatch(a -> a.equalsIgnoreCase(name));
    }

    private boolean down(String nodeId) {
        String json = nodes.get(nodeId);
        return json != null && Json.read(json, NodeRecord.class).state() == NodeState.DOWN;
    }

    private static boolean running(ContainerRecord r) {
        return r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED;
    }
}
