package io.berth.agent.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Makes and removes containers' network namespaces through the {@link NetTool}. */
public final class Sandboxes {
    private static final System.Logger LOG = System.getLogger(Sandboxes.class.getName());
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final NetTool tool;
    private final NetNames names;
    private final Path netnsDir;
    private final Path sysNet;
    private volatile Runnable onChange = () -> { };

    public Sandboxes(NetTool tool, NetNames names) {
        this(tool, names, NETNS_DIR, SYS_NET);
    }

    /** With the directories where namespace files and network devices show ({@code /run/netns}, {@code /sys/class/net}). */
    Sandboxes(NetTool tool, NetNames names, Path netnsDir, Path sysNet) {
        this.tool = tool;
        this.names = names;
        this.netnsDir = netnsDir;
        this.sysNet = sysNet;
    }

    /**
     * Builds the container's namespace; returns what the monitor is told: {@code host}, or the namespace file
     * it joins. A failure half-way removes what was made before rethrowing.
     */
    public String create(String containerId, SandboxSpec spec) throws NetFailure {
        return create(containerId, spec, null);
    }

    /** The maker that says the namespace is at {@link #path(String)} already (berth-overlay made it). */
    public static final List<String> MADE = List.of();

    /**
     * As {@link #create(String, SandboxSpec)}, a new namespace made by {@code maker} (argv; the namespace's path is
     * appended), e.g. inside the container's user namespace; {@link #MADE}: the namespace is there already, only
     * wired; null: {@code ip netns add}.
     */
    public String create(String containerId, SandboxSpec spec, List<String> maker) throws NetFailure {
        switch (spec.mode()) {
            case HOST:
                return "host";
            case JOIN:
                return spec.joinPath();
            default:
                break;
        }
        try {
            tool.runAll(SandboxCommands.create(names, containerId, spec, maker));
        } catch (NetFailure e) {
            removeQuietly(containerId);
            throw e;
        }
        onChange.run();
        return path(containerId).toString();
    }

    /** Plugs a veth into the running container's namespace ({@code network connect}); undone if it fails half-way. */
    public void plug(String containerId, SandboxSpec spec) throws NetFailure {
        plug(containerId, spec.first(), true);
    }

    /**
     * Plugs the veth whose container end is {@code link} into the running container's namespace, with the default
     * route via its gateway when {@code defaultRoute}; undone if it fails half-way.
     */
    public void plug(String containerId, SandboxSpec.Link link, boolean defaultRoute) throws NetFailure {
        try {
            tool.runAll(SandboxCommands.link(names, containerId, link, defaultRoute));
        } catch (NetFailure e) {
            unplugQuietly(containerId, link.name());
            throw e;
        }
        onChange.run();
    }

    /** Takes the container's {@code eth0} out ({@code network disconnect}): its namespace keeps only loopback. */
    public void unplug(String containerId) {
        unplug(containerId, "eth0");
    }

    /** Takes the container's interface {@code iface} out ({@code network disconnect}). */
    public void unplug(String containerId, String iface) {
        unplugQuietly(containerId, iface);
        onChange.run();
    }

    /** Points the container's default route at {@code link}'s gateway (its first network went). */
    public void route(String containerId, SandboxSpec.Link link) {
        try {
            tool.run(SandboxCommands.defaultRoute(names, containerId, link));
        } catch (NetFailure e) {
            LOG.log(System.Logger.Level.WARNING, "default route of " + containerId + ": " + e.getMessage());
        }
    }

    private void unplugQuietly(String containerId, String iface) {
        try {
            tool.run(SandboxCommands.unplug(names, containerId, iface));
        } catch (NetFailure e) {
            if (!e.absent()) {
                LOG.log(System.Logger.Level.WARNING, "unplugging " + iface + " of " + containerId + ": " + e.getMessage());
            }
        }
    }

    /** Called after every namespace made or removed: the node's port rules follow the namespaces that exist. */
    public void onChanged(Runnable listener) {
        onChange = listener;
    }

    /**
     * Takes the container's namespace and veths down; what is already gone is skipped. Never throws. Called at
     * every release (before a start, at the exit, at rm), so when nothing of the container is there it spawns no
     * process and leaves the port rules alone.
     */
    public void remove(String containerId) {
        List<String> further = furtherVeths(containerId);
        boolean veth = Files.exists(sysNet.resolve(names.hostVeth(containerId, "eth0")));
        boolean namespace = exists(containerId);
        if (further.isEmpty() && !veth && !namespace) {
            return;
        }
        List<List<String>> present = new java.util.ArrayList<>();
        further.forEach(v -> present.add(List.of("ip", "link", "del", v)));
        if (veth) {
            present.add(SandboxCommands.unplug(names, containerId));
        }
        if (namespace) {
            present.add(List.of("ip", "netns", "del", names.netns(containerId)));
        }
        try {
            tool.runAll(present);
        } catch (NetFailure e) {
            // one of them went meanwhile, or failed: each on its own, as after a failed start
            removeQuietly(containerId);
        }
        onChange.run();
    }

    private void removeQuietly(String containerId) {
        // the further veths first: the namespace's own end would take them too, but only once the kernel frees it
        for (String veth : furtherVeths(containerId)) {
            try {
                tool.run(List.of("ip", "link", "del", veth));
            } catch (NetFailure e) {
                if (!e.absent()) {
                    LOG.log(System.Logger.Level.WARNING, "network cleanup of " + containerId + ": " + e.getMessage());
                }
            }
        }
        for (List<String> argv : SandboxCommands.remove(names, containerId)) {
            try {
                tool.run(argv);
            } catch (NetFailure e) {
                if (!e.absent()) {
                    LOG.log(System.Logger.Level.WARNING, "network cleanup of " + containerId + ": " + e.getMessage());
                }
            }
        }
    }

    /** The host ends of the container's {@code eth1} … that exist (read from sysfs, no process spawned). */
    private List<String> furtherVeths(String containerId) {
        String prefix = names.furtherVethPrefix(containerId);
        try (var links = Files.list(sysNet)) {
            return links.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The namespace file of a container that has one of its own here. */
    public Path path(String containerId) {
        return netnsDir.resolve(names.netns(containerId));
    }

    public boolean exists(String containerId) {
        return Files.exists(path(containerId));
    }
}
