package io.berth.agent.net;

import io.berth.events.net.Ipv4Cidr;
import io.berth.events.net.SubnetPool;
import io.berth.events.net.HostRoutes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's default {@code bridge} network: a subnet leased from the cluster-wide pool (Hazelcast
 * {@code bridge-subnets}, subnet → node id, taken with {@code putIfAbsent} so two nodes never hold one), the
 * Linux bridge carrying its gateway address, and the masquerade rule in the node's own nftables table. Made at
 * the first container that needs it; {@link #remove} takes bridge and table down when the agent stops idle.
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
            tool.run(List.of("ip", "link", "add", names.bridge(), "type", "bridge"));
        }
        // "replace" leaves an address already there (an agent restarted over its running containers) alone
        tool.run(List.of("ip", "addr", "replace", AddressPicker.gateway(subnet) + "/" + subnet.prefix(), "dev",
                names.bridge()));
        tool.run(List.of("ip", "link", "set", names.bridge(), "up"));
        // published ports answer on the node's loopback: DNAT'ed 127.0.0.1 traffic must be routable to the bridge
        tool.run(List.of("sysctl", "-q", "-w", "net.ipv4.conf." + names.bridge() + ".route_localnet=1"));
        tool.nft(BridgeRules.table(names.table(), names.bridge(), subnet, published));
        up = true;
        return subnet;
    }

    /** Rewrites the node's table so it forwards exactly {@code now} (besides the masquerade). */
    public synchronized void publish(List<Published> now) throws NetFailure {
        published = List.copyOf(now);
        if (up) {
            tool.nft(BridgeRules.table(names.table(), names.bridge(), subnet, published));
        }
    }

    public String name() {
        return names.bridge();
    }

    /** Deletes the bridge and the node's table (the agent stops with no container left on it). */
    public synchronized void remove() {
        try {
            tool.nft(BridgeRules.drop(names.table()));
        } catch (NetFailure e) {
            LOG.log(System.Logger.Level.WARNING, "could not drop nftables table " + names.table() + ": " + e.getMessage());
        }
        try {
            tool.run(List.of("ip", "link", "del", names.bridge()));
        } catch (NetFailure e) {
            if (!e.absent()) {
                LOG.log(System.Logger.Level.WARNING, "could not delete bridge " + names.bridge() + ": " + e.getMessage());
            }
        }
        up = false;
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
        String ours = names.bridge();
        String keptAddrs = addrs.lines().filter(l -> !l.contains(" " + ours + " ")).reduce("", (a, b) -> a + b + "\n");
        String keptRoutes = routes.lines().filter(l -> !l.contains(" dev " + ours + " ") && !l.endsWith(" dev " + ours))
                .reduce("", (a, b) -> a + b + "\n");
        return HostRoutes.parse(keptAddrs, keptRoutes);
    }
}
