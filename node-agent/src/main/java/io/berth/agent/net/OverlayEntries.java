package io.berth.agent.net;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one node's VXLAN device of a network should hold, as a pure function of the cluster's records, and the
 * {@code bridge}/{@code ip} commands that take the device from what it holds to that. Per remote endpoint (a
 * running container of the network on another node that is not down): a forwarding entry MAC → that node and a
 * neighbour entry IP → MAC (the device answers ARP from these: it is made with {@code proxy}, so no ARP crosses
 * the tunnel and each node's bridge stays the only owner of the shared gateway address); per remote node with such
 * an endpoint, a flood entry (all-zero MAC) so broadcast and multicast reach it.
 */
public final class OverlayEntries {
    static final String FLOOD = "00:00:00:00:00:00";

    /** A forwarding entry of the device: frames to {@code mac} go to the node at {@code dst}. */
    public record Fdb(String mac, String dst) implements Comparable<Fdb> {
        @Override
        public int compareTo(Fdb o) {
            return (mac + " " + dst).compareTo(o.mac + " " + o.dst);
        }
    }

    /** A neighbour entry of the device: {@code ip} is at {@code mac}. */
    public record Neigh(String ip, String mac) implements Comparable<Neigh> {
        @Override
        public int compareTo(Neigh o) {
            return (ip + " " + mac).compareTo(o.ip + " " + o.mac);
        }
    }

    /** The entries of one device. */
    public record Entries(Set<Fdb> fdb, Set<Neigh> neigh) {
        public Entries {
            fdb = Set.copyOf(fdb);
            neigh = Set.copyOf(neigh);
        }

        public static final Entries NONE = new Entries(Set.of(), Set.of());
    }

    /**
     * The entries node {@code self} should hold for {@code network}.
     *
     * @param endpoints every endpoint record of the cluster
     * @param records   container id → record (the record's node wins over an endpoint left by a move)
     * @param nodes     node id → record: where a node is reached (the host of its advertised address), whether down
     * @param gateway   the network's gateway address: never an entry, each node's bridge answers for it
     */
    public static Entries desired(String self, String network, String gateway, Collection<EndpointRecord> endpoints,
                                  Map<String, ContainerRecord> records, Map<String, NodeRecord> nodes) {
        Set<Fdb> fdb = new TreeSet<>();
        Set<Neigh> neigh = new TreeSet<>();
        for (EndpointRecord ep : endpoints) {
            if (!network.equals(ep.network()) || self.equals(ep.nodeId()) || ep.address().equals(gateway)) {
                continue;
            }
            ContainerRecord r = records.get(ep.containerId());
            if (r == null || !ep.nodeId().equals(r.nodeId()) || !running(r)) {
                continue;
            }
            NodeRecord node = nodes.get(ep.nodeId());
            String dst = node == null ? null : reachedAt(node);
            if (dst == null || node.state() == NodeState.DOWN) {
                continue;
            }
            String mac = ep.macAddress().toLowerCase(java.util.Locale.ROOT);
            fdb.add(new Fdb(FLOOD, dst));
            fdb.add(new Fdb(mac, dst));
            neigh.add(new Neigh(ep.address(), mac));
        }
        return new Entries(fdb, neigh);
    }

    /** The host a node's advertised {@code host:port} names, if it is an IPv4 address other nodes can reach. */
    public static String reachedAt(NodeRecord node) {
        String address = node.address();
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        return tunnelable(host) ? host : null;
    }

    /** Whether {@code host} can carry VXLAN to other nodes: an IPv4 literal, not loopback nor the any-address. */
    public static boolean tunnelable(String host) {
        if (host == null || !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        return !host.startsWith("127.") && !host.equals("0.0.0.0");
    }

    /**
     * The commands that take {@code device} from {@code now} to {@code want}: removals first, then additions. A MAC
     * that moved to another node is replaced in place (one unicast entry per MAC); flood entries are one per node.
     */
    public static List<List<String>> commands(String device, Entries now, Entries want) {
        List<List<String>> out = new ArrayList<>();
        Set<String> wantedMacs = new TreeSet<>();
        want.fdb().forEach(f -> wantedMacs.add(f.mac()));
        for (Neigh n : new TreeSet<>(now.neigh())) {
            if (want.neigh().stream().noneMatch(w -> w.ip().equals(n.ip()))) {
                out.add(List.of("ip", "neigh", "del", n.ip(), "dev", device));
            }
        }
        for (Fdb f : new TreeSet<>(now.fdb())) {
            if (want.fdb().contains(f)) {
                continue;
            }
            if (f.mac().equals(FLOOD)) {
                out.add(List.of("bridge", "fdb", "del", FLOOD, "dev", device, "dst", f.dst()));
            } else if (!wantedMacs.contains(f.mac())) {
                out.add(List.of("bridge", "fdb", "del", f.mac(), "dev", device, "dst", f.dst(), "self"));
            }
        }
        for (Fdb f : new TreeSet<>(want.fdb())) {
            if (now.fdb().contains(f)) {
                continue;
            }
            if (f.mac().equals(FLOOD)) {
                out.add(List.of("bridge", "fdb", "append", FLOOD, "dev", device, "dst", f.dst(), "self", "permanent"));
            } else {
                out.add(List.of("bridge", "fdb", "replace", f.mac(), "dev", device, "dst", f.dst(), "self", "permanent"));
            }
        }
        for (Neigh n : new TreeSet<>(want.neigh())) {
            if (!now.neigh().contains(n)) {
                out.add(List.of("ip", "neigh", "replace", n.ip(), "lladdr", n.mac(), "dev", device, "nud", "permanent"));
            }
        }
        return out;
    }

    /**
     * What a device holds, from {@code bridge fdb show dev D} and {@code ip neigh show dev D}: the entries with a
     * remote {@code dst}, and the permanent neighbours (the only ones Berth makes).
     */
    public static Entries parse(String fdbShow, String neighShow) {
        Set<Fdb> fdb = new TreeSet<>();
        for (String line : fdbShow.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            for (int i = 1; i + 1 < f.length; i++) {
                if (f[i].equals("dst")) {
                    fdb.add(new Fdb(f[0].toLowerCase(java.util.Locale.ROOT), f[i + 1]));
                }
            }
        }
        Set<Neigh> neigh = new TreeSet<>();
        for (String line : neighShow.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("lladdr") && line.contains("PERMANENT")) {
                neigh.add(new Neigh(f[0], f[2].toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return new Entries(fdb, neigh);
    }

    private static boolean running(ContainerRecord r) {
        return r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED;
    }

    private OverlayEntries() {
    }
}
