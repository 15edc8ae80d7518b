package io.berth.agent.net;

import java.util.ArrayList;
import java.util.List;

/** The {@code ip} commands that build and take down one container's namespace. Pure. */
public final class SandboxCommands {

    /** The namespace with loopback up and, on a bridge, a veth whose container end is {@code eth0}. */
    public static List<List<String>> create(NetNames names, String containerId, SandboxSpec spec) {
        String ns = names.netns(containerId);
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("ip", "netns", "add", ns));
        out.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        if (spec.mode() == SandboxSpec.Mode.BRIDGE) {
            out.addAll(plug(names, containerId, spec));
        }
        return out;
    }

    /**
     * The veth whose container end is {@code eth0} in the container's existing namespace, with its address and
     * default route: at start, and for a live {@code network connect}.
     */
    public static List<List<String>> plug(NetNames names, String containerId, SandboxSpec spec) {
        String ns = names.netns(containerId);
        String veth = names.hostVeth(containerId);
        List<List<String>> out = new ArrayList<>();
        if (spec.mtu() > 0) {
            String mtu = Integer.toString(spec.mtu());
            out.add(List.of("ip", "link", "add", veth, "mtu", mtu, "type", "veth", "peer", "name", "eth0", "mtu", mtu,
                    "netns", ns));
        } else {
            out.add(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
        }
        out.add(List.of("ip", "-n", ns, "link", "set", "eth0", "address", spec.mac()));
        out.add(List.of("ip", "-n", ns, "addr", "add", spec.address() + "/" + spec.prefixLength(), "dev", "eth0"));
        out.add(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
        out.add(List.of("ip", "-n", ns, "route", "add", "default", "via", spec.gateway()));
        out.add(List.of("ip", "link", "set", veth, "master", spec.bridge()));
        out.add(List.of("ip", "link", "set", veth, "up"));
        return out;
    }

    /** Deleting the host end takes the pair, {@code eth0} inside included: the namespace keeps only {@code lo}. */
    public static List<String> unplug(NetNames names, String containerId) {
        return List.of("ip", "link", "del", names.hostVeth(containerId));
    }

    /** Each is allowed to find its object already gone: the veth's host end first, then the namespace. */
    public static List<List<String>> remove(NetNames names, String containerId) {
        return List.of(unplug(names, containerId), List.of("ip", "netns", "del", names.netns(containerId)));
    }

    private SandboxCommands() {
    }
}
