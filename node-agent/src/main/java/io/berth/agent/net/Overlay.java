package io.berth.agent.net;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries this node's user-defined networks to the other nodes: per network a VXLAN device ({@code bx<tag><id>},
 * the network's cluster-wide VNI, {@code local} = the node's advertised address, UDP 4789, {@code nolearning} and
 * {@code proxy}: entries come only from the cluster's records, and ARP is answered from them on this side) as a
 * port of the network's bridge, and the forwarding and neighbour entries {@link OverlayEntries} says it should
 * hold. What each device holds is remembered after it is programmed, and read back from the kernel when a device
 * is taken over (an agent restarted over a running network), so each pass only issues the difference.
 * A node advertised on loopback is alone: it makes no device ({@link #carries}).
 */
public final class Overlay {
    private static final System.Logger LOG = System.getLogger(Overlay.class.getName());
    static final int PORT = 4789;
    /** VXLAN over IPv4 costs 50 bytes of the underlay's MTU (outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14). */
    static final int OVERHEAD = 50;
    static final int FALLBACK_MTU = 1450;

    private final NetTool tool;
    private final NetNames names;
    private final String local;
    private final NetworkVnis vnis;
    private final Map<String, OverlayEntries.Entries> programmed = new HashMap<>();
    private int mtu;

    /** @param local the node's advertised address: where other nodes send this node's VXLAN traffic */
    public Overlay(NetTool tool, NetNames names, String local, NetworkVnis vnis) {
        this.tool = tool;
        this.names = names;
        this.local = local;
        this.vnis = vnis;
    }

    /** Whether networks leave this node at all (its address is one other nodes can reach). */
    public boolean carries() {
        return OverlayEntries.tunnelable(local);
    }

    /** The MTU of the devices and veths of a carried network: the underlay's less {@link #OVERHEAD}; 0 if not carried. */
    public synchronized int mtu() {
        if (!carries()) {
            return 0;
        }
        if (mtu == 0) {
            mtu = underlayMtu() - OVERHEAD;
        }
        return mtu;
    }

    /** Makes (or takes over) the network's VXLAN device on its bridge. */
    public synchronized void up(NetworkBridge bridge) throws NetFailure {
        if (!carries()) {
            return;
        }
        String device = names.vxlan(bridge.id());
        boolean exists;
        try {
            tool.run(List.of("ip", "link", "show", device));
            exists = true;
        } catch (NetFailure absent) {
            exists = false;
        }
        if (!exists) {
            int vni = vnis.of(bridge.id());
            tool.run(List.of("ip", "link", "add", device, "type", "vxlan", "id", Integer.toString(vni), "local", local,
                    "dstport", Integer.toString(PORT), "nolearning", "proxy"));
        }
        tool.run(List.of("ip", "link", "set", device, "mtu", Integer.toString(mtu()), "master", bridge.device()));
        tool.run(List.of("ip", "link", "set", device, "up"));
        programmed.put(bridge.id(), exists ? read(device) : OverlayEntries.Entries.NONE);
    }

    /** Brings the device's entries to {@code want}; what fails is read back from the kernel for the next pass. */
    public synchronized void program(NetworkBridge bridge, OverlayEntries.Entries want) {
        OverlayEntries.Entries now = programmed.get(bridge.id());
        if (now == null) {
            return;
        }
        String device = names.vxlan(bridge.id());
        List<List<String>> commands = OverlayEntries.commands(device, now, want);
        if (commands.isEmpty()) {
            return;
        }
        try {
            for (List<String> argv : commands) {
                tool.run(argv);
            }
            programmed.put(bridge.id(), want);
            LOG.log(System.Logger.Level.INFO, "network " + bridge.network() + ": " + device + " now forwards to "
                    + want.fdb().size() + " entr(ies), " + want.neigh().size() + " neighbour(s)");
        } catch (NetFailure e) {
            LOG.log(System.Logger.Level.WARNING, "network " + bridge.network() + ": programming " + device
                    + " failed, reading it back: " + e.getMessage());
            try {
                programmed.put(bridge.id(), read(device));
            } catch (NetFailure gone) {
                programmed.put(bridge.id(), OverlayEntries.Entries.NONE);
            }
        }
    }

    /** Deletes the network's device (its bridge goes, or the agent stops idle); absent is fine. */
    public synchronized void down(NetworkBridge bridge) {
        programmed.remove(bridge.id());
        if (!carries()) {
            return;
        }
        try {
            tool.run(List.of("ip", "link", "del", names.vxlan(bridge.id())));
        } catch (NetFailure e) {
            if (!e.absent()) {
                LOG.log(System.Logger.Level.WARNING, "could not delete " + names.vxlan(bridge.id()) + ": " + e.getMessage());
            }
        }
    }

    private OverlayEntries.Entries read(String device) throws NetFailure {
        return OverlayEntries.parse(tool.run(List.of("bridge", "fdb", "show", "dev", device)),
                tool.run(List.of("ip", "neigh", "show", "dev", device)));
    }

    /** The MTU of the interface holding the local address; 1500 if it cannot be told. */
    private int underlayMtu() {
        try {
            for (String line : tool.run(List.of("ip", "-4", "-o", "addr", "show")).lines().toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].equals("inet") && f[3].startsWith(local + "/")) {
                    String dev = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
                    String link = tool.run(List.of("ip", "-o", "link", "show", "dev", dev));
                    String[] l = link.trim().split("\\s+");
                    for (int i = 0; i + 1 < l.length; i++) {
                        if (l[i].equals("mtu")) {
                            return Integer.parseInt(l[i + 1]);
                        }
                    }
                }
            }
        } catch (NetFailure | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot tell the MTU under " + local + ": " + e.getMessage());
        }
        return FALLBACK_MTU + OVERHEAD;
    }
}
