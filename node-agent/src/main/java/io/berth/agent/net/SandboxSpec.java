package io.berth.agent.net;

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
 */
public record SandboxSpec(Mode mode, String joinPath, String bridge, String address, int prefixLength, String gateway,
                          String mac, Map<String, String> etcFiles, int mtu) {

    public SandboxSpec(Mode mode, String joinPath, String bridge, String address, int prefixLength, String gateway,
                       String mac, Map<String, String> etcFiles) {
        this(mode, joinPath, bridge, address, prefixLength, gateway, mac, etcFiles, 0);
    }

    /** How the container's network namespace comes to be. */
    public enum Mode { BRIDGE, NONE, HOST, JOIN }

    public SandboxSpec {
        etcFiles = etcFiles == null ? Map.of() : Map.copyOf(etcFiles);
    }
}
