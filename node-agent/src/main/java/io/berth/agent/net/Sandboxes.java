package io.berth.agent.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Makes and removes containers' network namespaces through the {@link NetTool}. */
public final class Sandboxes {
    private static final System.Logger LOG = System.getLogger(Sandboxes.class.getName());
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final NetTool tool;
    private final NetNames names;
    private volatile Runnable onChange = () -> { };

    public Sandboxes(NetTool tool, NetNames names) {
        this.tool = tool;
        this.names = names;
    }

    /**
     * Builds the container's namespace; returns what the monitor is told: {@code host}, or the namespace file
     * it joins. A failure half-way removes what was made before rethrowing.
     */
    public String create(String containerId, SandboxSpec spec) throws NetFailure {
        switch (spec.mode()) {
            case HOST:
                return "host";
            case JOIN:
                return spec.joinPath();
            default:
                break;
        }
        try {
            for (List<String> argv : SandboxCommands.create(names, containerId, spec)) {
                tool.run(argv);
            }
        } catch (NetFailure e) {
            removeQuietly(containerId);
            throw e;
        }
        onChange.run();
        return path(containerId).toString();
    }

    /** Plugs a veth into the running container's namespace ({@code network connect}); undone if it fails half-way. */
    public void plug(String containerId, SandboxSpec spec) throws NetFailure {
        try {
            for (List<String> argv : SandboxCommands.plug(names, containerId, spec)) {
                tool.run(argv);
            }
        } catch (NetFailure e) {
            unplugQuietly(containerId);
            throw e;
        }
        onChange.run();
    }

    /** Takes the container's veth out ({@code network disconnect}): its namespace keeps only loopback. */
    public void unplug(String containerId) {
        unplugQuietly(containerId);
        onChange.run();
    }

    private void unplugQuietly(String containerId) {
        try {
            tool.run(SandboxCommands.unplug(names, containerId));
        } catch (NetFailure e) {
            if (!e.absent()) {
                LOG.log(System.Logger.Level.WARNING, "unplugging " + containerId + ": " + e.getMessage());
            }
        }
    }

    /** Called after every namespace made or removed: the node's port rules follow the namespaces that exist. */
    public void onChanged(Runnable listener) {
        onChange = listener;
    }

    /** Takes the container's namespace and veth down; what is already gone is skipped. Never throws. */
    public void remove(String containerId) {
        removeQuietly(containerId);
        onChange.run();
    }

    private void removeQuietly(String containerId) {
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

    /** The namespace file of a container that has one of its own here. */
    public Path path(String containerId) {
        return NETNS_DIR.resolve(names.netns(containerId));
    }

    public boolean exists(String containerId) {
        return Files.exists(path(containerId));
    }
}
