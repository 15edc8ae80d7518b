package io.berth.gateway.container;

import io.berth.events.ContainerState;
import io.berth.events.spec.NetworkAttachment;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.spec.PortBinding;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NetworkRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's {@code NetworkSettings} as dockerd shows them: the address fields filled from its endpoint
 * while it runs (dockerd empties them when it stops), and {@code Networks} always a map keyed by the network's
 * name, even before the first start (docker-compose iterates it on a created container).
 */
public final class NetworkViews {

    public static Map<String, Object> settings(ContainerRecord r, EndpointRecord ep) {
        return settings(r, ep == null ? List.of() : List.of(ep));
    }

    /** With every endpoint of the container ({@code eps}, one per network it is on). */
    public static Map<String, Object> settings(ContainerRecord r, List<EndpointRecord> eps) {
        EndpointRecord live = live(r, eps, network(r));
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("Bridge", "");
        n.put("SandboxID", live == null ? "" : hash("sandbox", r.id()));
        n.put("HairpinMode", false);
        n.put("LinkLocalIPv6Address", "");
        n.put("LinkLocalIPv6PrefixLen", 0);
        n.put("Ports", ports(live));
        n.put("SandboxKey", "");
        n.put("SecondaryIPAddresses", null);
        n.put("SecondaryIPv6Addresses", null);
        boolean bridge = "bridge".equals(network(r));
        n.put("EndpointID", live != null && bridge ? hash("endpoint", r.id()) : "");
        n.put("Gateway", live != null && bridge ? live.gateway() : "");
        n.put("GlobalIPv6Address", "");
        n.put("GlobalIPv6PrefixLen", 0);
        n.put("IPAddress", live != null && bridge ? live.address() : "");
        n.put("IPPrefixLen", live != null && bridge ? live.prefixLength() : 0);
        n.put("IPv6Gateway", "");
        n.put("MacAddress", live != null && bridge ? live.macAddress() : "");
        n.put("Networks", networks(r, eps));
        return n;
    }

    /** The {@code Networks} map alone, as {@code GET /containers/json} lists it. */
    public static Map<String, Object> networks(ContainerRecord r, EndpointRecord ep) {
        return networks(r, ep == null ? List.of() : List.of(ep));
    }

    /**
     * The {@code Networks} map: one entry per network the container is on, its first first; {@code {}} once every
     * network was disconnected (as dockerd), and the mode itself for {@code none} and {@code host}.
     */
    public static Map<String, Object> networks(ContainerRecord r, List<EndpointRecord> eps) {
        String name = network(r);
        NetworkSpec net = r.spec().network();
        if (name == null || net.detached()) {
            return Map.of();
        }
        List<NetworkAttachment> all = net.attachments();
        if (all.isEmpty()) {
            all = List.of(new NetworkAttachment(name, net.aliases(), net.ipv4Address()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NetworkAttachment a : all) {
            out.put(a.network(), entry(r, a, live(r, eps, a.network()), a.network().equals(name)));
        }
        return out;
    }

    private static Map<String, Object> entry(ContainerRecord r, NetworkAttachment a, EndpointRecord live,
                                             boolean first) {
        Map<String, Object> e = new LinkedHashMap<>();
        String asked = a.ipv4Address();
        e.put("IPAMConfig", asked.isEmpty() ? null : Map.of("IPv4Address", asked));
        e.put("Links", null);
        // dockerd adds the short id at start; shown from create on, so compose sees its aliases are in place
        boolean userDefined = !a.network().equals("bridge") && !a.network().equals("none")
                && !a.network().equals("host");
        e.put("Aliases", userDefined ? aliases(r, a.aliases()) : null);
        e.put("NetworkID", NetworkRecord.idOf(a.network()));
        e.put("EndpointID", live == null ? "" : hash("endpoint", first ? r.id() : r.id() + "/" + a.network()));
        e.put("Gateway", live == null ? "" : live.gateway());
        e.put("IPAddress", live == null ? "" : live.address());
        e.put("IPPrefixLen", live == null ? 0 : live.prefixLength());
        e.put("IPv6Gateway", "");
        e.put("GlobalIPv6Address", "");
        e.put("GlobalIPv6PrefixLen", 0);
        e.put("MacAddress", live == null ? "" : live.macAddress());
        e.put("DriverOpts", null);
        return e;
    }

    /** A user-network endpoint's names besides the container's own: its aliases, then its short id. */
    static List<String> aliases(ContainerRecord r) {
        return aliases(r, r.spec().network().aliases());
    }

    private static List<String> aliases(ContainerRecord r, List<String> names) {
        List<String> out = new ArrayList<>(names);
        String shortId = r.id().substring(0, 12);
        if (!out.contains(shortId)) {
            out.add(shortId);
        }
        return out;
    }

    /** {@code NetworkSettings.Ports}: {@code "80/tcp": [{"HostIp", "HostPort"}]}, ports as strings. */
    static Map<String, Object> ports(EndpointRecord live) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (live == null) {
            return out;
        }
        for (PortBinding p : live.ports()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) out.computeIfAbsent(p.key(), k -> new ArrayList<>());
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("HostIp", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp());
            b.put("HostPort", String.valueOf(p.hostPort()));
            list.add(b);
        }
        return out;
    }

    /** {@code Ports} of a list item: one object per binding, ports as numbers. */
    public static List<Map<String, Object>> listPorts(ContainerRecord r, EndpointRecord ep) {
        return listPorts(r, ep == null ? List.of() : List.of(ep));
    }

    /** {@code Ports} of a list item from every endpoint of the container: its first network's publishes them. */
    public static List<Map<String, Object>> listPorts(ContainerRecord r, List<EndpointRecord> eps) {
        EndpointRecord live = live(r, eps, network(r));
        List<Map<String, Object>> out = new ArrayList<>();
        if (live == null) {
            return out;
        }
        for (PortBinding p : live.ports()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("IP", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp());
            b.put("PrivatePort", p.containerPort());
            b.put("PublicPort", p.hostPort());
            b.put("Type", p.protocol());
            out.add(b);
        }
        return out;
    }

    /** The mode {@code HostConfig.NetworkMode} shows: as the client sent it, {@code default} when it sent none. */
    static String network(ContainerRecord r) {
        NetworkSpec net = r.spec().network();
        return net.joinedContainer() != null ? null : net.mode();
    }

    /** The container's endpoint on {@code network} while it runs, else null. */
    private static EndpointRecord live(ContainerRecord r, List<EndpointRecord> eps, String network) {
        boolean running = r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED;
        if (!running || network == null) {
            return null;
        }
        return eps.stream().filter(ep -> ep != null && ep.network().equals(network)).findFirst().orElse(null);
    }

    /** Stable 64-hex ids for things Berth does not store as objects (dockerd makes them random). */
    static String hash(String kind, String of) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((kind + "/" + of).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private NetworkViews() {
    }
}
