package io.berth.agent.dns;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.net.Ipv4;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.ArrayList;
import java.util.HashMap;
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
        return resolve(network, null, name);
    }

    /**
     * The addresses {@code name} (lower case) has for the container at {@code source} on {@code network}: on that
     * network first, then on each further network that container is on (as dockerd's resolver answers from every
     * network of the asking container's sandbox). A name only on networks the asker is not on stays unknown.
     */
    public List<Ipv4> resolve(String network, Ipv4 source, String name) {
        List<EndpointRecord> all = new ArrayList<>();
        for (String json : endpoints.values()) {
            all.add(Json.read(json, EndpointRecord.class));
        }
        Map<String, ContainerRecord> byId = new HashMap<>();
        List<String> searched = new ArrayList<>(List.of(network));
        if (source != null) {
            for (EndpointRecord asker : all) {
                if (network.equals(asker.network()) && asker.address().equals(source.toString())) {
                    ContainerRecord r = record(asker.containerId(), byId);
                    if (r == null || r.nodeId() != null && !asker.nodeId().equals(r.nodeId())) {
                        continue;
                    }
                    for (EndpointRecord other : all) {
                        if (other.containerId().equals(asker.containerId()) && other.nodeId().equals(asker.nodeId())
                                && !searched.contains(other.network()) && r.spec() != null
                                && r.spec().network().isOn(other.network())) {
                            searched.add(other.network());
                        }
                    }
                }
            }
        }
        for (String net : searched) {
            List<Ipv4> out = new ArrayList<>();
            for (EndpointRecord ep : all) {
                if (!net.equals(ep.network())) {
                    continue;
                }
                ContainerRecord r = record(ep.containerId(), byId);
                if (r == null) {
                    continue;
                }
                // an endpoint left on the node a container moved off, or on a node that died, answers no more
                boolean placed = r.nodeId() == null || r.nodeId().equals(ep.nodeId()) && !down(r.nodeId());
                if (running(r) && placed && r.spec() != null && r.spec().network().isOn(net) && answersTo(r, net, name)) {
                    out.add(Ipv4.parse(ep.address()));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return List.of();
    }

    private ContainerRecord record(String id, Map<String, ContainerRecord> cache) {
        if (cache.containsKey(id)) {
            return cache.get(id);
        }
        String json = records.get(id);
        ContainerRecord r = json == null ? null : Json.read(json, ContainerRecord.class);
        cache.put(id, r);
        return r;
    }

    static boolean answersTo(ContainerRecord r, String network, String name) {
        if (r.name().equalsIgnoreCase(name) || r.id().substring(0, 12).equals(name) || r.id().equals(name)) {
            return true;
        }
        return r.spec() != null && r.spec().network().aliasesOn(network).stream().anyMatch(a -> a.equalsIgnoreCase(name));
    }

    private boolean down(String nodeId) {
        String json = nodes.get(nodeId);
        return json != null && Json.read(json, NodeRecord.class).state() == NodeState.DOWN;
    }

    private static boolean running(ContainerRecord r) {
        return r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED;
    }
}
