package io.berth.agent.net;

import io.berth.events.net.AddressRequest;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.spec.NetworkAttachment;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.spec.PortBinding;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.HostPortClaim;
import io.berth.events.state.NetworkRecord;
import io.berth.events.state.NodeRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves a container's {@link NetworkSpec} into the {@link SandboxSpec} its runtime builds: leases its address
 * on the node's bridge or its user-defined network's (Hazelcast {@code endpoints}, kept across restarts, released
 * at removal), finds the namespace a {@code container:<x>} joins, and writes the {@code /etc} files. On a
 * user-defined network the container's resolver is the network's DNS server on its gateway address.
 */
public final class ContainerNetworks {
    private static final String BRIDGE = "bridge";

    private final String nodeId;
    private final NodeBridge bridge;
    private final Sandboxes sandboxes;
    private final ConcurrentMap<String, String> endpoints;
    private final ConcurrentMap<String, String> records;
    private final Path hostEtc;
    private final Map<String, String> networks;
    private final Map<String, String> nodes;
    private final ConcurrentMap<String, String> addresses;

    public ContainerNetworks(String nodeId, NodeBridge bridge, Sandboxes sandboxes,
                             ConcurrentMap<String, String> endpoints, ConcurrentMap<String, String> records, Path hostEtc) {
        this(nodeId, bridge, sandboxes, endpoints, records, hostEtc, Map.of(), Map.of(),
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * With the cluster's user-defined networks (Hazelcast {@code networks}), node records ({@code nodes}, whose
     * host ports claimed by the scheduler no other container here may take) and address leases of user-defined
     * networks ({@code network-addresses}, {@code <network>/<ip>} → container id, taken with {@code putIfAbsent}).
     */
    public ContainerNetworks(String nodeId, NodeBridge bridge, Sandboxes sandboxes, ConcurrentMap<String, String> endpoints,
                             ConcurrentMap<String, String> records, Path hostEtc, Map<String, String> networks,
                             Map<String, String> nodes, ConcurrentMap<String, String> addresses) {
        this.addresses = addresses;
        this.networks = networks;
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.bridge = bridge;
        this.sandboxes = sandboxes;
        this.endpoints = endpoints;
        this.records = records;
        this.hostEtc = hostEtc;
        sandboxes.onChanged(this::refreshPorts);
    }

    public SandboxSpec attach(ContainerRecord record) throws NetworkRefused {
        NetworkSpec net = record.spec().network();
        String hostname = record.spec().hostname() == null || record.spec().hostname().isEmpty()
                ? record.id().substring(0, 12) : record.spec().hostname();
        Map<String, String> etc = new LinkedHashMap<>();
        etc.put("/etc/hostname", EtcFiles.hostname(hostname));
        String resolv = EtcFiles.resolvConf(hostFile("resolv.conf"), net);
        switch (net.mode()) {
            case "none" -> {
                etc.put("/etc/hosts", EtcFiles.hosts(hostname, null, net.extraHosts()));
                etc.put("/etc/resolv.conf", resolv);
                return new SandboxSpec(SandboxSpec.Mode.NONE, null, null, null, 0, null, null, etc);
            }
            case "host" -> {
                // dockerd hands a host-network container the host's own files
                etc.put("/etc/hosts", hostFile("hosts") + EtcFiles.hosts(hostname, null, net.extraHosts())
                        .lines().skip(6).map(l -> l + "\n").reduce("", String::concat));
                etc.put("/etc/resolv.conf", hostFile("resolv.conf"));
                return new SandboxSpec(SandboxSpec.Mode.HOST, null, null, null, 0, null, null, etc);
            }
            case BRIDGE -> {
                return attachAll(record, net, hostname, etc, resolv);
            }
            default -> {
                if (net.userDefined()) {
                    return attachAll(record, net, hostname, etc, resolv);
                }
                if (net.joinedContainer() == null) {
                    throw new NetworkRefused(404, "network " + net.mode() + " not found", null);
                }
                ContainerRecord target = find(net.joinedContainer());
                etc.put("/etc/hosts", EtcFiles.hosts(hostname, null, net.extraHosts()));
                etc.put("/etc/resolv.conf", resolv);
                String path = sandboxes.exists(target.id()) ? sandboxes.path(target.id()).toString()
                        : "/proc/" + target.pid() + "/ns/net";
                return new SandboxSpec(SandboxSpec.Mode.JOIN, path, null, null, 0, null, null, etc);
            }
        }
    }

    /**
     * A container on the bridge or on user-defined networks: its first network on {@code eth0} with the default
     * route, each further one on {@code eth1} … in the order connected. Leases of networks it has left go.
     */
    private SandboxSpec attachAll(ContainerRecord record, NetworkSpec net, String hostname, Map<String, String> etc,
                                  String hostResolv) throws NetworkRefused {
        List<NetworkAttachment> all = net.attachments();
        if (all.size() > EndpointRecord.MAX_INTERFACES) {
            throw new NetworkRefused(400, "a container is on at most " + EndpointRecord.MAX_INTERFACES + " networks", null);
        }
        Map<String, Held> mine = held(record.id());
        Set<String> written = new HashSet<>();
        List<SandboxSpec.Link> links = new ArrayList<>();
        String dnsServer = null;
        try {
            for (int i = 0; i < all.size(); i++) {
                NetworkAttachment a = all.get(i);
                Wire w = wire(a.network());
                List<PortBinding> ports = i == 0 ? ports(record, net) : List.of();
                EndpointRecord ep = lease(record, a, "eth" + i, w, ports, Optional.ofNullable(mine.get(a.network())),
                        net.macAddress());
                written.add(ep.key());
                links.add(new SandboxSpec.Link(ep.iface(), w.device(), ep.address(), ep.prefixLength(), ep.gateway(),
                        ep.macAddress(), w.mtu()));
                if (dnsServer == null && !a.network().equals(BRIDGE)) {
                    dnsServer = w.gateway().toString();
                }
            }
        } finally {
            // what this container held on networks it left, or under another interface, is given back
            for (Held h : mine.values()) {
                if (!written.contains(h.key())) {
                    endpoints.remove(h.key(), h.json());
                }
                if (all.stream().noneMatch(a -> a.network().equals(h.ep().network()))) {
                    addresses.remove(h.ep().network() + "/" + h.ep().address(), record.id());
                }
            }
        }
        SandboxSpec.Link first = links.get(0);
        etc.put("/etc/hosts", EtcFiles.hosts(hostname, first.address(), net.extraHosts()));
        // a container on a user-defined network asks that network's DNS server, which knows all its networks' names
        etc.put("/etc/resolv.conf", dnsServer == null ? hostResolv
                : EtcFiles.embeddedResolvConf(hostFile("resolv.conf"), dnsServer, net));
        return new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, first.bridge(), first.address(), first.prefixLength(),
                first.gateway(), first.mac(), etc, first.mtu(), links.subList(1, links.size()));
    }

    /** The bridge a network's veths join on this node, made if it is not there yet. */
    private Wire wire(String network) throws NetworkRefused {
        if (network.equals(BRIDGE)) {
            try {
                Ipv4Cidr subnet = bridge.ensure();
                return new Wire(bridge.name(), subnet, AddressPicker.gateway(subnet), 0);
            } catch (NetFailure e) {
                throw new NetworkRefused(500, "failed to set up the bridge network: " + e.getMessage(), e);
            }
        }
        String json = networks.get(network);
        if (json == null) {
            throw new NetworkRefused(404, "network " + network + " not found", null);
        }
        NetworkRecord n = Json.read(json, NetworkRecord.class);
        try {
            NetworkBridge b = bridge.ensureNetwork(n);
            return new Wire(b.device(), b.subnet(), b.gateway(), b.mtu());
        } catch (NetFailure e) {
            throw new NetworkRefused(500, "failed to set up network " + n.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Live {@code network connect}: the running container's record's spec now names {@code network} too. On a
     * container with only loopback it becomes {@code eth0} with the default route and {@code /etc} files (returned);
     * otherwise a further interface ({@code eth1} …) with its own address and no default route. A failure leaves no
     * veth and no lease.
     */
    public SandboxSpec connect(ContainerRecord record, String network) throws NetworkRefused {
        if (!sandboxes.exists(record.id())) {
            throw new NetworkRefused(409, "container " + record.id() + " has no network namespace of its own here", null);
        }
        NetworkSpec net = record.spec().network();
        Map<String, Held> mine = held(record.id());
        if (net.mode().equals(network) && mine.values().stream().noneMatch(h -> !h.ep().network().equals(network))) {
            return connectFirst(record);
        }
        NetworkAttachment a = net.attachments().stream().filter(x -> x.network().equals(network)).findFirst()
                .orElseThrow(() -> new NetworkRefused(400, "container " + record.id() + " is not connected to network "
                        + network, null));
        Set<String> taken = new HashSet<>();
        mine.values().stream().filter(h -> !h.ep().network().equals(network)).forEach(h -> taken.add(h.ep().iface()));
        String iface = null;
        for (int i = 1; i < EndpointRecord.MAX_INTERFACES && iface == null; i++) {
            iface = taken.contains("eth" + i) ? null : "eth" + i;
        }
        if (iface == null) {
            throw new NetworkRefused(400, "a container is on at most " + EndpointRecord.MAX_INTERFACES + " networks", null);
        }
        Wire w = wire(network);
        EndpointRecord ep = lease(record, a, iface, w, List.of(), Optional.ofNullable(mine.get(network)),
                net.macAddress());
        SandboxSpec.Link link = new SandboxSpec.Link(iface, w.device(), ep.address(), ep.prefixLength(), ep.gateway(),
                ep.macAddress(), w.mtu());
        try {
            sandboxes.plug(record.id(), link, false);
        } catch (NetFailure e) {
            drop(ep);
            refreshPorts();
            throw new NetworkRefused(500, "failed to connect " + record.name() + " to network " + network + ": "
                    + e.getMessage(), e);
        }
        return new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, w.device(), ep.address(), ep.prefixLength(), ep.gateway(),
                ep.macAddress(), Map.of(), w.mtu());
    }

    private SandboxSpec connectFirst(ContainerRecord record) throws NetworkRefused {
        SandboxSpec spec = attach(record);
        if (spec.mode() != SandboxSpec.Mode.BRIDGE) {
            throw new NetworkRefused(400, "network " + record.spec().network().mode() + " cannot be connected to a "
                    + "running container", null);
        }
        try {
            sandboxes.plug(record.id(), spec);
        } catch (NetFailure e) {
            release(record.id());
            refreshPorts();
            throw new NetworkRefused(500, "failed to connect " + record.name() + " to network "
                    + record.spec().network().mode() + ": " + e.getMessage(), e);
        }
        return spec;
    }

    /**
     * Live {@code network disconnect} of {@code network}: its veth goes, then its lease (its names stop resolving)
     * and port rules. When it carried the default route, the network that is first now ({@code after}) takes it.
     */
    public void disconnect(String containerId, String network, NetworkSpec after) {
        Map<String, Held> mine = held(containerId);
        Held gone = mine.get(network);
        if (gone != null) {
            sandboxes.unplug(containerId, gone.ep().iface());
            drop(gone.ep());
            Held first = mine.get(after.mode());
            // the default route is the first network's (idempotent when it already was)
            if (first != null && !network.equals(after.mode())) {
                EndpointRecord ep = first.ep();
                sandboxes.route(containerId, new SandboxSpec.Link(ep.iface(), "", ep.address(), ep.prefixLength(),
                        ep.gateway(), ep.macAddress(), 0));
            }
        }
        refreshPorts();
    }

    /**
     * The {@code /etc/resolv.conf} a container on {@code net}'s networks has: the DNS server of its first
     * user-defined network (which answers the names of all its networks), else the host's resolvers. Rewritten after
     * a live change, since the server it named may be on a network it has left.
     */
    public String resolvConf(NetworkSpec net) {
        for (NetworkAttachment a : net.attachments()) {
            String json = a.network().equals(BRIDGE) ? null : networks.get(a.network());
            if (json != null) {
                return EtcFiles.embeddedResolvConf(hostFile("resolv.conf"),
                        Json.read(json, NetworkRecord.class).gateway(), net);
            }
        }
        return EtcFiles.resolvConf(hostFile("resolv.conf"), net);
    }

    /** One endpoint given back: its record and its claim on the network's address. */
    private void drop(EndpointRecord ep) {
        endpoints.remove(ep.key());
        addresses.remove(ep.network() + "/" + ep.address(), ep.containerId());
    }

    /** This container's endpoints by network, with the key and JSON each is stored under. */
    private Map<String, Held> held(String containerId) {
        Map<String, Held> out = new LinkedHashMap<>();
        Map<String, String> stored = endpointsOf(containerId);
        for (String key : EndpointRecord.keys(containerId)) {
            String json = stored.get(key);
            if (json != null) {
                EndpointRecord ep = Json.read(json, EndpointRecord.class);
                out.putIfAbsent(ep.network(), new Held(key, json, ep));
            }
        }
        return out;
    }

    /**
     * What the {@code endpoints} map holds under the container's keys ({@code <id>}, {@code <id>/eth1} …): one
     * {@code getAll} on Hazelcast (one round trip for an agent that is a client, not one per possible interface).
     */
    private Map<String, String> endpointsOf(String containerId) {
        java.util.Set<String> keys = EndpointRecord.keys(containerId);
        if (endpoints instanceof com.hazelcast.map.IMap<String, String> map) {
            return map.getAll(keys);
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String key : keys) {
            String json = endpoints.get(key);
            if (json != null) {
                out.put(key, json);
            }
        }
        return out;
    }

    /** Where a network's veths go on this node. */
    private record Wire(String device, Ipv4Cidr subnet, Ipv4 gateway, int mtu) {
    }

    /** An endpoint as stored. */
    private record Held(String key, String json, EndpointRecord ep) {
    }

    /** Gives the container's address back (it is being removed, or moved off this node). */
    public void release(String containerId) {
        Map<String, String> stored = endpointsOf(containerId);
        for (String key : EndpointRecord.keys(containerId)) {
            String current = stored.get(key);
            if (current != null && nodeId.equals(Json.read(current, EndpointRecord.class).nodeId())) {
                EndpointRecord ep = Json.read(current, EndpointRecord.class);
                endpoints.remove(key, current);
                addresses.remove(ep.network() + "/" + ep.address(), containerId);
            }
        }
    }

    /**
     * The container's address on {@code a}'s network, on interface {@code iface}: the one it held before if it is
     * still there, else the lowest free. The default bridge's addresses are this node's own; a user-defined
     * network's subnet is the cluster's, so its leases are counted on every node.
     */
    private synchronized EndpointRecord lease(ContainerRecord record, NetworkAttachment a, String iface, Wire w,
                                              List<PortBinding> ports, Optional<Held> before, String askedMac)
            throws NetworkRefused {
        String id = record.id();
        String network = a.network();
        Ipv4Cidr subnet = w.subnet();
        Ipv4 gateway = w.gateway();
        boolean nodeLocal = BRIDGE.equals(network);
        Optional<EndpointRecord> held = before.map(Held::ep);
        String asked = nodeLocal ? "" : a.ipv4Address();
        if (held.isPresent() && nodeId.equals(held.get().nodeId()) && network.equals(held.get().network())
                && subnet.contains(Ipv4.parse(held.get().address())) && !gateway.toString().equals(held.get().address())
                && (asked.isEmpty() || asked.equals(held.get().address()))
                && (nodeLocal || claim(network, Ipv4.parse(held.get().address()), id))) {
            return publish(record, held.get().withPorts(ports).onInterface(iface));
        }
        // a lease held elsewhere (the container moved here) is given back
        held.ifPresent(h -> addresses.remove(h.network() + "/" + h.address(), id));
        Set<Ipv4> used = new HashSet<>();
        for (String json : endpoints.values()) {
            EndpointRecord ep = Json.read(json, EndpointRecord.class);
            if ((!nodeLocal || nodeId.equals(ep.nodeId())) && network.equals(ep.network())
                    && !ep.containerId().equals(id)) {
                used.add(Ipv4.parse(ep.address()));
            }
        }
        Ipv4 ip;
        if (!asked.isEmpty()) {
            // --ip: dockerd's words when it is outside the subnet, the gateway or another container's
            ip = Ipv4.parse(asked);
            Optional<String> refused = AddressRequest.refusal(subnet, gateway, ip, used);
            if (refused.isPresent()) {
                throw new NetworkRefused(refused.get().startsWith("no configured") ? 400 : 403, refused.get(), null);
            }
            if (!claim(network, ip, id)) {
                throw new NetworkRefused(403, "Address already in use", null);
            }
        } else {
            used.add(gateway);
            while (true) {
                ip = AddressPicker.pick(subnet, used).orElseThrow(() -> new NetworkRefused(500,
                        "no available IPv4 addresses on this network's address pools: " + network + " (" + subnet + ")",
                        null));
                // the default bridge's subnet is this node's alone; a network's is shared, so its address is claimed
                if (nodeLocal || claim(network, ip, id)) {
                    break;
                }
                used.add(ip);
            }
        }
        // the asked MAC is its first interface's; the others derive theirs from their address, as dockerd
        String mac = askedMac.isEmpty() || !iface.equals("eth0") ? AddressPicker.mac(ip) : askedMac;
        EndpointRecord ep = new EndpointRecord(id, nodeId, network, ip.toString(), subnet.prefix(), gateway.toString(),
                mac, ports, iface);
        return publish(record, ep);
    }

    /** Takes {@code ip} on {@code network} for the container, unless another container of the cluster holds it. */
    private boolean claim(String network, Ipv4 ip, String containerId) {
        String owner = addresses.putIfAbsent(network + "/" + ip, containerId);
        return owner == null || owner.equals(containerId);
    }

    /**
     * Host ports for the container's bindings, chosen among those no running container here publishes and the
     * scheduler claimed for no other container placed here.
     */
    private List<PortBinding> ports(ContainerRecord record, NetworkSpec net) throws NetworkRefused {
        if (net.ports().isEmpty()) {
            return List.of();
        }
        List<HostPortClaim> inUse = new ArrayList<>();
        for (EndpointRecord other : live()) {
            if (!other.containerId().equals(record.id())) {
                other.ports().forEach(p -> inUse.add(PortPicker.claim(other.containerId(), p)));
            }
        }
        String node = nodes.get(nodeId);
        if (node != null) {
            inUse.addAll(Json.read(node, NodeRecord.class).hostPortsOfOthers(record.id()));
        }
        try {
            return PortPicker.pick(net.ports(), inUse, HostSockets::free);
        } catch (PortPicker.Taken e) {
            throw new NetworkRefused(500, "driver failed programming external connectivity on endpoint "
                    + record.name() + " (" + record.id() + "): " + e.getMessage(), e);
        }
    }

    /** Records the lease and forwards its ports along with every running container's. */
    private EndpointRecord publish(ContainerRecord record, EndpointRecord ep) throws NetworkRefused {
        endpoints.put(ep.key(), Json.write(ep));
        List<Published> now = new ArrayList<>();
        for (EndpointRecord e : live()) {
            if (!e.key().equals(ep.key())) {
                e.ports().forEach(p -> now.add(new Published(e.address(), p)));
            }
        }
        ep.ports().forEach(p -> now.add(new Published(ep.address(), p)));
        try {
            bridge.publish(now);
        } catch (NetFailure e) {
            throw new NetworkRefused(500, "driver failed programming external connectivity on endpoint "
                    + record.name() + " (" + record.id() + "): " + e.getMessage(), e);
        }
        return ep;
    }

    /** Forwards the ports of the containers whose namespace exists, and no other (one has just gone). */
    private synchronized void refreshPorts() {
        List<Published> now = new ArrayList<>();
        for (EndpointRecord e : live()) {
            e.ports().forEach(p -> now.add(new Published(e.address(), p)));
        }
        try {
            bridge.publish(now);
        } catch (NetFailure e) {
            System.getLogger(ContainerNetworks.class.getName()).log(System.Logger.Level.WARNING,
                    "could not rewrite the port rules: " + e.getMessage());
        }
    }

    /** This node's endpoints (on any of its bridges) whose container has a namespace now (it runs, or is starting). */
    private List<EndpointRecord> live() {
        List<EndpointRecord> out = new ArrayList<>();
        for (String json : endpoints.values()) {
            EndpointRecord ep = Json.read(json, EndpointRecord.class);
            if (nodeId.equals(ep.nodeId()) && sandboxes.exists(ep.containerId())) {
                out.add(ep);
            }
        }
        return out;
    }

    private ContainerRecord find(String nameOrId) throws NetworkRefused {
        ContainerRecord match = null;
        for (String json : records.values()) {
            ContainerRecord r = Json.read(json, ContainerRecord.class);
            if (r.id().equals(nameOrId) || r.name().equals(nameOrId)) {
                match = r;
                break;
            }
            if (nameOrId.length() >= 3 && r.id().startsWith(nameOrId)) {
                match = r;
            }
        }
        if (match == null) {
            throw new NetworkRefused(404, "No such container: " + nameOrId, null);
        }
        if (match.status() != ContainerState.RUNNING && match.status() != ContainerState.PAUSED || match.pid() <= 0) {
            throw new NetworkRefused(409, "cannot join network of a non running container: " + match.id(), null);
        }
        if (!nodeId.equals(match.nodeId())) {
            throw new NetworkRefused(409, "cannot join network of container " + match.id()
                    + ": it runs on node " + match.nodeId() + ", not " + nodeId, null);
        }
        return match;
    }

    private String hostFile(String name) {
        try {
            return Files.readString(hostEtc.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }
}
