package io.berth.agent.net;

import java.util.List;
import java.util.Map;

/**
 * A container's network, resolved before it starts: which namespace it gets and how that is wired.
 *
 * @param mode     {@link Mode#BRIDGE}: a new namespace with a veth on {@code bridge}; {@link Mode#NONE}: a new
 *                 namespace with only loopback; {@link Mode#HOST}: the host's; {@link Mode#JOIN}: {@code joinPath}
 * @param joinPath the namespace file to join ({@link Mode#JOIN} only)
 * @param bridge   the bridge the veth joins ({@link Mode#BRIDGE} only)
 * @param address  the container's address with its subnet's prefix ({@link Mode#BRIDGE} only)
 * @param gateway  its default route ({@link Mode#BRIDGE} only)
 * @param mac      its interface's MAC address ({@link Mode#BRIDGE} only)
 * @param etcFiles path inside the container ({@code /etc/hosts}) → content, written into its root before it runs
 * @param mtu      the veth's MTU ({@link Mode#BRIDGE} only): a VXLAN-carried network's, or 0 for the default
 * @param more     the container's further interfaces ({@code eth1} …), one per further network, without a route
 *                 of their own beyond their subnet ({@link Mode#BRIDGE} only)
 */
public record SandboxSpec(Mode mode, String joinPath, String bridge, String address, int prefixLength, String gateway,
                          String mac, Map<String, String> etcFiles, int mtu, List<Link> more) {

    public SandboxSpec(Mode mode, String joinPath, String bridge, String address, int prefixLength, String gateway,
                       String mac, Map<String, String> etcFiles, int mtu) {
        this(mode, joinPath, bridge, address, prefixLength, gateway, mac, etcFiles, mtu, List.of());
    }

    /**
     * One interface of the container on one bridge.
     *
     * @param name the interface's name inside the container ({@code eth1})
     * @param mtu  its MTU, or 0 for the default
     */
    public record Link(String name, String bridge, String address, int prefixLength, String gateway, String mac,
                       int mtu) {
    }

    /** Its {@code eth0} ({@link Mode#BRIDGE} only). */
    public Link first() {
        return new Link("eth0", bridge, address, prefixLength, gateway, mac, mtu);
    }

    /** The same with {@code links} as its further interfaces. */
    public SandboxSpec withMore(List<Link> links) {
        return new SandboxSpec(mode, joinPath, bridge, address, prefixLength, gateway, mac, etcFiles, mtu, links);
    }

    public SandboxSpec(Mode mode, String joinPath, String bridge, String address, int prefixLength, String gateway,
                       String mac, Map<String, String> etcFiles) {
        this(mode, joinPath, bridge, address, prefixLength, gateway, mac, etcFiles, 0);
    }

    /** How the container's network namespace comes to be. */
    public enum Mode { BRIDGE, NONE, HOST, JOIN }

    public SandboxSpec {
        etcFiles = etcFiles == null ? Map.of() : Map.copyOf(etcFiles);
        more = more == null ? List.of() : List.copyOf(more);
    }
}
