package io.berth.agent.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of everything the agent makes in the host's network stack, all carrying a tag of this node (a hash of
 * its id and data root), so two agents sharing one kernel never touch each other's. Interface names stay
 * within the kernel's 15 characters.
 */
public record NetNames(String tag) {

    public static NetNames of(String nodeId, String root) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((nodeId + "\0" + root).getBytes(StandardCharsets.UTF_8));
            return new NetNames(HexFormat.of().formatHex(h, 0, 3));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's default bridge: {@code berth<tag>}. */
    public String bridge() {
        return "berth" + tag;
    }

    /** A user-defined network's bridge on this node: {@code bn<tag><6 of the network's id>}. */
    public String networkBridge(String networkId) {
        return "bn" + tag + networkId.substring(0, 6);
    }

    /** A user-defined network's VXLAN device on this node, a port of its bridge: {@code bx<tag><6 of the id>}. */
    public String vxlan(String networkId) {
        return "bx" + tag + networkId.substring(0, 6);
    }

    /**
     * The fixed MAC address of one of this node's bridges: locally administered, from a hash of its name. A bridge
     * left to itself takes the lowest MAC of its ports, so its gateway's MAC would change under the containers'
     * ARP caches each time a veth or the VXLAN device comes or goes.
     */
    public static String bridgeMac(String device) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(device.getBytes(StandardCharsets.UTF_8));
            return "02:" + HexFormat.ofDelimiter(":").formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The nftables table holding every rule of this node: {@code berth_<tag>}. */
    public String table() {
        return "berth_" + tag;
    }

    /** The container's network namespace, under {@code /run/netns}. */
    public String netns(String containerId) {
        return "berth-" + tag + "-" + containerId.substring(0, 12);
    }

    /** The host end of the container's veth pair: {@code bv<tag><6 of the id>}. */
    public String hostVeth(String containerId) {
        return "bv" + tag + containerId.substring(0, 6);
    }

    /**
     * The host end of the veth whose container end is {@code iface}: {@link #hostVeth(String)} for {@code eth0},
     * {@code by<tag><6 of the id><n>} for {@code eth<n>}.
     */
    public String hostVeth(String containerId, String iface) {
        return iface.equals("eth0") ? hostVeth(containerId) : furtherVethPrefix(containerId) + iface.substring(3);
    }

    /** What the host ends of the container's further veths ({@code eth1} …) start with. */
    public String furtherVethPrefix(String containerId) {
        return "by" + tag + containerId.substring(0, 6);
    }
}
