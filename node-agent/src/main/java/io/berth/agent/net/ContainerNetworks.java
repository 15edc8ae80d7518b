package io.berth.agent.net;

import io.berth.events.net.AddressRequest;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.ContainerState;
import io.berth.events.Json;
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
                EndpointRecord ep = lease(record, net);
                etc.put("/etc/hosts", EtcFiles.hosts(hostname, ep.address(), net.extraHosts()));
                etc.put("/etc/resolv.conf", resolv);
                return new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, bridge.name(), ep.address(), ep.prefixLength(),
                        ep.gateway(), ep.macAddress(), etc);
            }
            default -> {
                if (net.userDefined()) {
                    return attachToNetwork(record, net, hostname, etc);
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

    private SandboxSpec attachToNetwork(ContainerRecord record, NetworkSpec net, String hostname, Map<String, String> etc)
            throws NetworkRefused {
        String json = networks.get(net.mode());
        if (json == null) {
            throw new NetworkRefused(404, "network " + net.mode() + " not found", null);
        }
        NetworkRecord network = Json.read(json, NetworkRecord.class);
        NetworkBridge b;
        try {
            b = bridge.ensureNetwork(network);
        } catch (NetFailure e) {
            throw new NetworkRefused(500, "failed to set up network " + network.name() + ": " + e.getMessage(), e);
        }
        EndpointRecord ep = lease(record, net, b.network(), b.subnet(), b.gateway());
        etc.put("/etc/hosts", EtcFiles.hosts(hostname, ep.address(), net.extraHosts()));
        etc.put("/etc/resolv.conf", EtcFiles.embeddedResolvConf(hostFile("resolv.conf"), b.gateway().toString(), net));
        return new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, b.device(), ep.address(), ep.prefixLength(),
                ep.gateway(), ep.macAddress(), etc, b.mtu());
    }

    /**
     * Live {@code network connect}: a running container with only loopback gets a veth on the network its record's
     * spec now names, with an address leased as at start (asked or lowest free). Returns what was plugged, its
     * {@code /etc} files included; a failure leaves no veth and no lease.
     */
    public SandboxSpec connect(ContainerRecord record) throws NetworkRefused {
        if (!sandboxes.exists(record.id())) {
            throw new NetworkRefused(409, "container " + record.id() + " has no network namespace of its own here", null);
        }
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

    /** Live {@code network disconnect}: the veth goes, then the lease (names stop resolving) and its port rules. */
    public void disconnect(String containerId) {
        sandboxes.unplug(containerId);
        release(containerId);
        refreshPorts();
    }

    /** Gives the container's address back (it is being removed, or moved off this node). */
    public void release(String containerId) {
        String current = endpoints.get(containerId);
        if (current != null && nodeId.equals(Json.read(current, EndpointRecord.class).nodeId())) {
            EndpointRecord ep = Json.read(current, EndpointRecord.class);
            endpoints.remove(containerId, current);
            addresses.remove(ep.network() + "/" + ep.address(), containerId);
        }
    }

    /** The container's address: the one it held before if it is still in this node's subnet, else the lowest free. */
    private EndpointRecord lease(ContainerRecord record, NetworkSpec net) throws NetworkRefused {
        Ipv4Cidr subnet;
        try {
            subnet = bridge.ensure();
        } catch (NetFailure e) {
            throw new NetworkRefused(500, "failed to set up the bridge network: " + e.getMessage(), e);
        }
        return lease(record, net, BRIDGE, subnet, AddressPicker.gateway(subnet));
    }

    /**
     * The container's address on {@code network}: the one it held before if it is still there, else the lowest free.
     * The default bridge's addresses are this node's own; a user-defined network's subnet is the cluster's, so its
     * leases are counted on every node.
     */
    private synchronized EndpointRecord lease(ContainerRecord record, NetworkSpec net, String network, Ipv4Cidr subnet,
                                              Ipv4 gateway) throws NetworkRefused {
        String id = record.id();
        boolean nodeLocal = BRIDGE.equals(network);
        Optional<EndpointRecord> held = Optional.ofNullable(endpoints.get(id)).map(j -> Json.read(j, EndpointRecord.class));
        String asked = nodeLocal ? "" : net.ipv4Address();
        if (held.isPresent() && nodeId.equals(held.get().nodeId()) && network.equals(held.get().network())
                && subnet.contains(Ipv4.parse(held.get().address())) && !gateway.toString().equals(held.get().address())
                && (asked.isEmpty() || asked.equals(held.get().address()))
                && (nodeLocal || claim(network, Ipv4.parse(held.get().address()), id))) {
            return publish(record, held.get().withPorts(ports(record, net)));
        }
        // a lease held elsewhere (the container moved here) or on another network is given back
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
        String mac = net.macAddress().isEmpty() ? AddressPicker.mac(ip) : net.macAddress();
        EndpointRecord ep = new EndpointRecord(id, nodeId, network, ip.toString(), subnet.prefix(), gateway.toString(),
                mac, ports(record, net));
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
        endpoints.put(ep.containerId(), Json.write(ep));
        List<Published> now = new ArrayList<>();
        for (EndpointRecord e : live()) {
            if (!e.containerId().equals(ep.containerId())) {
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
