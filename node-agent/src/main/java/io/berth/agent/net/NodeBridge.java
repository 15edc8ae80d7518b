package io.berth.agent.net;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.net.SubnetPool;
import io.berth.events.net.HostRoutes;
import io.berth.events.state.NetworkRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's default {@code bridge} network: a subnet leased from the cluster-wide pool (Hazelcast
 * {@code bridge-subnets}, subnet → node id, taken with {@code putIfAbsent} so two nodes never hold one), the
 * Linux bridge carrying its gateway address, and the masquerade rule in the node's own nftables table. Made at
 * the first container that needs it; {@link #remove} takes bridge and table down when the agent stops idle.
 * User-defined networks get a bridge each here too ({@link #ensureNetwork}), made when the first container on the
 * network starts on this node and removed when the network is ({@link #removeNetwork}); their rules live in the
 * same table, which keeps the bridges apart.
 */
public final class NodeBridge {
    private static final System.Logger LOG = System.getLogger(NodeBridge.class.getName());

    private final NetTool tool;
    private final NetNames names;
    private final String nodeId;
    private final ConcurrentMap<String, String> subnets;
    private final SubnetPool pool;
    private Ipv4Cidr subnet;
    private boolean up;
    private List<Published> published = List.of();
    private final Map<String, NetworkBridge> networks = new LinkedHashMap<>();
    private volatile NetworkListener listener = NetworkListener.NONE;
    private Overlay overlay;

    public NodeBridge(NetTool tool, NetNames names, String nodeId, ConcurrentMap<String, String> subnets, SubnetPool pool) {
        this.tool = tool;
        this.names = names;
        this.nodeId = nodeId;
        this.subnets = subnets;
        this.pool = pool;
    }

    /** The bridge's subnet, leasing it and building bridge and rules the first time. */
    public synchronized Ipv4Cidr ensure() throws NetFailure {
        if (up) {
            return subnet;
        }
        List<Ipv4Cidr> hostRoutes = hostRoutesBesidesOurs();
        subnet = lease(hostRoutes);
        try {
            tool.run(List.of("ip", "link", "show", names.bridge()));
        } catch (NetFailure absent) {
            tool.run(List.of("ip", "link", "add", names.bridge(), "address", NetNames.bridgeMac(names.bridge()), "type",
                    "bridge"));
        }
        // "replace" leaves an address already there (an agent restarted over its running containers) alone
        tool.run(List.of("ip", "addr", "replace", AddressPicker.gateway(subnet) + "/" + subnet.prefix(), "dev",
                names.bridge()));
        tool.run(List.of("ip", "link", "set", names.bridge(), "up"));
        // published ports answer on the node's loopback: DNAT'ed 127.0.0.1 traffic must be routable to the bridge
        tool.run(List.of("sysctl", "-q", "-w", "net.ipv4.conf." + names.bridge() + ".route_localnet=1"));
        up = true;
        render();
        return subnet;
    }

    /**
     * The network's bridge on this node, made (with its gateway address) the first time; the default bridge and
     * the table come first, as the table holds every bridge's rules. A subnet the host has meanwhile come to
     * route is refused rather than shadowed.
     */
    public synchronized NetworkBridge ensureNetwork(NetworkRecord network) throws NetFailure {
        NetworkBridge known = networks.get(network.name());
        if (known != null && known.id().equals(network.id())) {
            return known;
        }
        if (known != null) {
            removeNetwork(network.name());
        }
        ensure();
        Ipv4Cidr net = Ipv4Cidr.parse(network.subnet());
        NetworkBridge b = new NetworkBridge(network.name(), network.id(), names.networkBridge(network.id()), net,
                Ipv4.parse(network.gateway()), network.internal(), overlay == null ? 0 : overlay.mtu());
        boolean exists;
        try {
            tool.run(List.of("ip", "link", "show", b.device()));
            exists = true;
        } catch (NetFailure absent) {
            exists = false;
        }
        if (!exists) {
            if (!SubnetPool.usable(net, hostRoutesBesidesOurs())) {
                throw new NetFailure(List.of("ip", "route"), "network " + network.name() + "'s subnet " + net
                        + " overlaps a route of this host");
            }
            tool.run(List.of("ip", "link", "add", b.device(), "address", NetNames.bridgeMac(b.device()), "type",
                    "bridge"));
        }
        tool.run(List.of("ip", "addr", "replace", b.gateway() + "/" + net.prefix(), "dev", b.device()));
        tool.run(List.of("ip", "link", "set", b.device(), "up"));
        tool.run(List.of("sysctl", "-q", "-w", "net.ipv4.conf." + b.device() + ".route_localnet=1"));
        if (overlay != null) {
            overlay.up(b);
        }
        networks.put(network.name(), b);
        render();
        listener.up(b);
        return b;
    }

    /** Takes the network's bridge and rules off this node (the network was removed); absent is fine. */
    public synchronized void removeNetwork(String network) {
        NetworkBridge b = networks.remove(network);
        if (b == null) {
            return;
        }
        listener.down(b);
        if (overlay != null) {
            overlay.down(b);
        }
        try {
            render();
        } catch (NetFailure e) {
            LOG.log(System.Logger.Level.WARNING, "could not rewrite table " + names.table() + ": " + e.getMessage());
        }
        deleteLink(b.device());
    }

    /** The user-defined networks that have a bridge here now. */
    public synchronized List<NetworkBridge> networks() {
        return new ArrayList<>(networks.values());
    }

    /** Carries the user-defined networks' bridges to other nodes (VXLAN); set before the first network. */
    public synchronized void carry(Overlay o) {
        overlay = o;
    }

    /** Told when a network's bridge comes up here and goes (its DNS server follows). */
    public void onNetworks(NetworkListener l) {
        listener = l;
    }

    /** Whether the network's bridge device exists on the host (an agent restarted over running containers). */
    public boolean deviceExists(NetworkRecord network) {
        try {
            tool.run(List.of("ip", "link", "show", names.networkBridge(network.id())));
            return true;
        } catch (NetFailure e) {
            return false;
        }
    }

    private void render() throws NetFailure {
        if (up) {
            tool.nft(BridgeRules.table(names.table(), names.bridge(), subnet, published, new ArrayList<>(networks.values())));
        }
    }

    /**
     * Rewrites the node's table so it forwards exactly {@code now} (besides the masquerade). Every container's
     * start and end asks, almost always with the same ports: then the table in force is already right and no
     * {@code nft} runs.
     */
    public synchronized void publish(List<Published> now) throws NetFailure {
        if (up && new HashSet<>(published).equals(new HashSet<>(now))) {
            return;
        }
        List<Published> before = published;
        published = List.copyOf(now);
        try {
            render();
        } catch (NetFailure e) {
            // nft -f is one transaction: the table still forwards what it did
            published = before;
            throw e;
        }
    }

    public String name() {
        return names.bridge();
    }

    /** Deletes the bridge and the node's table (the agent stops with no container left on it). */
    public synchronized void remove() {
        for (String network : new ArrayList<>(networks.keySet())) {
            NetworkBridge b = networks.remove(network);
            listener.down(b);
            if (overlay != null) {
                overlay.down(b);
            }
            deleteLink(b.device());
        }
        try {
            tool.nft(BridgeRules.drop(names.table()));
        } catch (NetFailure e) {
            LOG.log(System.Logger.Level.WARNING, "could not drop nftables table " + names.table() + ": " + e.getMessage());
        }
        deleteLink(names.bridge());
        up = false;
    }

    private void deleteLink(String device) {
        try {
            tool.run(List.of("ip", "link", "del", device));
        } catch (NetFailure e) {
            if (!e.absent()) {
                LOG.log(System.Logger.Level.WARNING, "could not delete bridge " + device + ": " + e.getMessage());
            }
        }
    }

    /** What follows networks' bridges on this node: their DNS servers. */
    public interface NetworkListener {
        NetworkListener NONE = new NetworkListener() {
            @Override
            public void up(NetworkBridge bridge) {
            }

            @Override
            public void down(NetworkBridge bridge) {
            }
        };

        void up(NetworkBridge bridge);

        void down(NetworkBridge bridge);
    }

    /** The subnet this node already holds if the host still lets it use it, else a fresh one from the pool. */
    private Ipv4Cidr lease(List<Ipv4Cidr> hostRoutes) throws NetFailure {
        for (Map.Entry<String, String> e : subnets.entrySet()) {
            if (nodeId.equals(e.getValue())) {
                Ipv4Cidr held = Ipv4Cidr.parse(e.getKey());
                if (SubnetPool.usable(held, hostRoutes)) {
                    return held;
                }
                subnets.remove(e.getKey(), nodeId);
            }
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            List<Ipv4Cidr> held = subnets.keySet().stream().map(Ipv4Cidr::parse).toList();
            Ipv4Cidr picked = pool.pick(held, hostRoutes).orElseThrow(() -> new NetFailure(List.of("lease"),
                    "the bridge pool has no subnet left that overlaps none of the host's routes"));
            if (subnets.putIfAbsent(picked.toString(), nodeId) == null) {
                return picked;
            }
        }
        throw new NetFailure(List.of("lease"), "could not lease a bridge subnet: too many concurrent leases");
    }

    /** The host's routes and addresses, without our own bridge's (it is ours to reuse). */
    private List<Ipv4Cidr> hostRoutesBesidesOurs() throws NetFailure {
        String addrs = tool.run(List.of("ip", "-4", "-o", "addr", "show"));
        String routes = tool.run(List.of("ip", "-4", "route", "show", "table", "all"));
        List<String> ours = new ArrayList<>(List.of(names.bridge()));
        networks.values().forEach(n -> ours.add(n.device()));
        String keptAddrs = addrs.lines().filter(l -> ours.stream().noneMatch(o -> l.contains(" " + o + " ")))
                .reduce("", (a, b) -> a + b + "\n");
        String keptRoutes = routes.lines().filter(l -> ours.stream().noneMatch(o -> l.contains(" dev " + o + " ")
                || l.endsWith(" dev " + o))).reduce("", (a, b) -> a + b + "\n");
        return HostRoutes.parse(keptAddrs, keptRoutes);
    }
}
