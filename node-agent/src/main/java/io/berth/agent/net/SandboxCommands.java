package io.berth.agent.net;

import java.util.ArrayList;
import java.util.List;

/** The {@code ip} commands that build and take down one container's namespace. Pure. */
public final class SandboxCommands {

    /** The namespace with loopback up and, on a bridge, a veth whose container end is {@code eth0}. */
    public static List<List<String>> create(NetNames names, String containerId, SandboxSpec spec) {
        return create(names, containerId, spec, null);
    }

    /**
     * As {@link #create(NetNames, String, SandboxSpec)}, the namespace made by {@code maker} (the command, to
     * which its path under /run/netns is appended) instead of {@code ip netns add}: one owned by the container's
     * user namespace; null for {@code ip netns add}; empty when the namespace is there already.
     */
    public static List<List<String>> create(NetNames names, String containerId, SandboxSpec spec,
                                            List<String> maker) {
        String ns = names.netns(containerId);
        List<List<String>> out = new ArrayList<>();
        if (maker == null) {
            out.add(List.of("ip", "netns", "add", ns));
        } else if (!maker.isEmpty()) {
            List<String> make = new ArrayList<>(maker);
            make.add("/run/netns/" + ns);
            out.add(make);
        }
        out.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        if (spec.mode() == SandboxSpec.Mode.BRIDGE) {
            out.addAll(plug(names, containerId, spec));
        }
        return hostFirst(out);
    }

    /**
     * The veth whose container end is {@code eth0} in the container's existing namespace, with its address and
     * default route, then its further interfaces: at start, and for a live {@code network connect}.
     */
    public static List<List<String>> plug(NetNames names, String containerId, SandboxSpec spec) {
        List<List<String>> out = new ArrayList<>(link(names, containerId, spec.first(), true));
        for (SandboxSpec.Link l : spec.more()) {
            out.addAll(link(names, containerId, l, false));
        }
        return hostFirst(out);
    }

    /**
     * One veth whose container end is {@code l.name()}, with its address; with the container's default route via
     * its gateway when {@code defaultRoute} (its first network's, as dockerd), else only its subnet's route.
     */
    public static List<List<String>> link(NetNames names, String containerId, SandboxSpec.Link l,
                                          boolean defaultRoute) {
        String ns = names.netns(containerId);
        String veth = names.hostVeth(containerId, l.name());
        List<List<String>> out = new ArrayList<>();
        if (l.mtu() > 0) {
            String mtu = Integer.toString(l.mtu());
            out.add(List.of("ip", "link", "add", veth, "mtu", mtu, "type", "veth", "peer", "name", l.name(), "mtu", mtu,
                    "netns", ns));
        } else {
            out.add(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", l.name(), "netns", ns));
        }
        out.add(List.of("ip", "-n", ns, "link", "set", l.name(), "address", l.mac()));
        out.add(List.of("ip", "-n", ns, "addr", "add", l.address() + "/" + l.prefixLength(), "dev", l.name()));
        out.add(List.of("ip", "-n", ns, "link", "set", l.name(), "up"));
        if (defaultRoute) {
            out.add(List.of("ip", "-n", ns, "route", "add", "default", "via", l.gateway()));
        }
        out.add(List.of("ip", "link", "set", veth, "master", l.bridge()));
        out.add(List.of("ip", "link", "set", veth, "up"));
        return hostFirst(out);
    }

    /**
     * The host's commands, then those inside the namespace, each in their order: a namespace's commands need only
     * the namespace and the veth ends moved into it, so two {@code ip -batch} runs do what took one process each.
     */
    static List<List<String>> hostFirst(List<List<String>> commands) {
        List<List<String>> out = new ArrayList<>();
        commands.stream().filter(c -> !inNamespace(c)).forEach(out::add);
        commands.stream().filter(SandboxCommands::inNamespace).forEach(out::add);
        return out;
    }

    private static boolean inNamespace(List<String> argv) {
        return argv.size() > 2 && argv.get(1).equals("-n");
    }

    /** The container's default route moved to {@code l}'s gateway (its first network was disconnected). */
    public static List<String> defaultRoute(NetNames names, String containerId, SandboxSpec.Link l) {
        return List.of("ip", "-n", names.netns(containerId), "route", "replace", "default", "via", l.gateway(),
                "dev", l.name());
    }

    /** Deleting the host end takes the pair, {@code eth0} inside included: the namespace keeps only {@code lo}. */
    public static List<String> unplug(NetNames names, String containerId) {
        return unplug(names, containerId, "eth0");
    }

    /** Deleting the host end of the veth whose container end is {@code iface} takes the pair. */
    public static List<String> unplug(NetNames names, String containerId, String iface) {
        return List.of("ip", "link", "del", names.hostVeth(containerId, iface));
    }

    /** Each is allowed to find its object already gone: the veth's host end first, then the namespace. */
    public static List<List<String>> remove(NetNames names, String containerId) {
        return List.of(unplug(names, containerId), List.of("ip", "netns", "del", names.netns(containerId)));
    }

    private SandboxCommands() {
    }
}
