package io.berth.gateway.network;

import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NetworkRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network as dockerd shows it in {@code network inspect} and {@code network ls}; compose reads IPAM and Options. */
public final class NetworkJson {
    private static final String BUILT_IN_CREATED = "0001-01-01T00:00:00Z";

    /** A user-defined network with the containers attached to it now. */
    public static Map<String, Object> of(NetworkRecord n, Map<String, Object> containers) {
        List<Map<String, Object>> config = new ArrayList<>();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Subnet", n.subnet());
        c.put("Gateway", n.gateway());
        config.add(c);
        return shape(n.name(), n.id(), n.created(), "bridge", config, n.internal(), n.attachable(), containers,
                n.labels());
    }

    /** {@code bridge} (every node's default bridge subnet), {@code host} or {@code none}. */
    public static Map<String, Object> builtIn(String name, List<String> bridgeSubnets, Map<String, Object> containers) {
        List<Map<String, Object>> config = new ArrayList<>();
        if (name.equals("bridge")) {
            for (String s : bridgeSubnets) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("Subnet", s);
                c.put("Gateway", io.berth.events.net.Ipv4Cidr.parse(s).host(1).toString());
                config.add(c);
            }
        }
        String driver = switch (name) {
            case "bridge" -> "bridge";
            case "host" -> "host";
            default -> "null";
        };
        return shape(name, NetworkRecord.idOf(name), BUILT_IN_CREATED, driver, config, false, false, containers,
                Map.of());
    }

    /** {@code Containers}: id → name, endpoint, MAC and address, for each running container on the network. */
    public static Map<String, Object> containers(String network, List<ContainerRecord> records,
                                                 Map<String, EndpointRecord> endpoints) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ContainerRecord r : records) {
            if (!NetworkUse.active(r) || !(network.equals(r.spec().network().mode())
                    || r.spec().network().isOn(network))) {
                continue;
            }
            EndpointRecord ep = endpoints.values().stream()
                    .filter(e -> e.containerId().equals(r.id()) && e.network().equals(network)).findFirst().orElse(null);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Name", r.name());
            e.put("EndpointID", ep == null ? "" : NetworkRecord.idOf("endpoint/" + ep.key()));
            e.put("MacAddress", ep == null ? "" : ep.macAddress());
            e.put("IPv4Address", ep == null ? "" : ep.address() + "/" + ep.prefixLength());
            e.put("IPv6Address", "");
            out.put(r.id(), e);
        }
        return out;
    }

    private static Map<String, Object> shape(String name, String id, String created, String driver,
                                             List<Map<String, Object>> config, boolean internal, boolean attachable,
                                             Map<String, Object> containers, Map<String, String> labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", name);
        out.put("Id", id);
        out.put("Created", created);
        out.put("Scope", "local");
        out.put("Driver", driver);
        out.put("EnableIPv6", false);
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", driver.equals("bridge") ? Map.of() : null);
        ipam.put("Config", config);
        out.put("IPAM", ipam);
        out.put("Internal", internal);
        out.put("Attachable", attachable);
        out.put("Ingress", false);
        out.put("ConfigFrom", Map.of("Network", ""));
        out.put("ConfigOnly", false);
        out.put("Containers", containers);
        out.put("Options", Map.of());
        out.put("Labels", labels);
        return out;
    }

    private NetworkJson() {
    }
}
