package io.berth.events.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container, resolved by the gateway into plain values before anything runs: the image is pinned to
 * digests and the image's defaults (entrypoint, cmd, env, working dir) are already merged in.
 *
 * @param image          the image as the user typed it ({@code busybox})
 * @param imageId        the image config digest ({@code sha256:…}), Docker's image ID
 * @param repository     the registry repository ({@code library/busybox})
 * @param manifestDigest the manifest the image was resolved to
 * @param layers         the layers, lowest first
 * @param entrypoint     the resolved entrypoint (may be empty)
 * @param cmd            the resolved command (may be empty)
 * @param env            {@code KEY=value} entries, image env first then the user's
 * @param workingDir     absolute directory in the container, {@code /} by default
 * @param hostname       the container's hostname (the short id unless set)
 * @param user           {@code uid[:gid]} or empty for root
 * @param labels         user labels
 * @param tty            allocate a terminal
 * @param openStdin      keep stdin open
 * @param resources      limits and reservations
 * @param restartPolicy  Docker restart policy name ({@code no}, {@code always}, {@code on-failure}, {@code unless-stopped})
 * @param security       capabilities, privileged mode, read-only root
 * @param consoleSize    the terminal size a tty starts with, so its first read of it is already right; may be null
 * @param network        how it is networked ({@link NetworkSpec#BRIDGE} when null)
 * @param init           run an init as PID 1 in front of the command ({@code --init})
 * @param healthcheck    how the node agent probes the container's health; null for none
 * @param mounts         binds, volumes and tmpfs mounts, in the order they are made
 */
public record ContainerSpec(
        String image,
        String imageId,
        String repository,
        String manifestDigest,
        List<LayerRef> layers,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String hostname,
        String user,
        Map<String, String> labels,
        boolean tty,
        boolean openStdin,
        Resources resources,
        String restartPolicy,
        Security security,
        ConsoleSize consoleSize,
        NetworkSpec network,
        boolean init,
        Healthcheck healthcheck,
        List<MountSpec> mounts) {

    public ContainerSpec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        layers = layers == null ? List.of() : List.copyOf(layers);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
        user = user == null ? "" : user;
        resources = resources == null ? Resources.NONE : resources;
        restartPolicy = restartPolicy == null || restartPolicy.isEmpty() ? "no" : restartPolicy;
        security = security == null ? Security.DEFAULT : security;
        network = network == null ? NetworkSpec.BRIDGE : network;
    }

    /** A builder for a spec named by the image the user typed; every other field starts at its default. */
    public static Builder builder(String image) {
        return new Builder().image(image);
    }

    /** A builder that starts from this spec, to change a few fields. */
    public Builder toBuilder() {
        return new Builder().image(image).imageId(imageId).repository(repository).manifestDigest(manifestDigest)
                .layers(layers).entrypoint(entrypoint).cmd(cmd).env(env).workingDir(workingDir).hostname(hostname)
                .user(user).labels(labels).tty(tty).openStdin(openStdin).resources(resources)
                .restartPolicy(restartPolicy).security(security).consoleSize(consoleSize).network(network)
                .init(init).healthcheck(healthcheck).mounts(mounts);
    }

    /** The argv the process runs: entrypoint followed by cmd. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        return argv;
    }

    /** Names each field of a {@link ContainerSpec} as it is set; what is not set takes the record's default. */
    public static final class Builder {
        private String image;
        private String imageId;
        private String repository;
        private String manifestDigest;
        private List<LayerRef> layers;
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env;
        private String workingDir;
        private String hostname;
        private String user;
        private Map<String, String> labels;
        private boolean tty;
        private boolean openStdin;
        private Resources resources;
        private String restartPolicy;
        private Security security;
        private ConsoleSize consoleSize;
        private NetworkSpec network;
        private boolean init;
        private Healthcheck healthcheck;
        private List<MountSpec> mounts;

        private Builder() {
        }

        public Builder image(String image) { this.image = image; return this; }
        public Builder imageId(String imageId) { this.imageId = imageId; return this; }
        public Builder repository(String repository) { this.repository = repository; return this; }
        public Builder manifestDigest(String manifestDigest) { this.manifestDigest = manifestDigest; return this; }
        public Builder layers(List<LayerRef> layers) { this.layers = layers; return this; }
        public Builder entrypoint(List<String> entrypoint) { this.entrypoint = entrypoint; return this; }
        public Builder cmd(List<String> cmd) { this.cmd = cmd; return this; }
        public Builder cmd(String... cmd) { return cmd(List.of(cmd)); }
        public Builder env(List<String> env) { this.env = env; return this; }
        public Builder workingDir(String workingDir) { this.workingDir = workingDir; return this; }
        public Builder hostname(String hostname) { this.hostname = hostname; return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder tty(boolean tty) { this.tty = tty; return this; }
        public Builder openStdin(boolean openStdin) { this.openStdin = openStdin; return this; }
        public Builder resources(Resources resources) { this.resources = resources; return this; }
        public Builder restartPolicy(String restartPolicy) { this.restartPolicy = restartPolicy; return this; }
        public Builder security(Security security) { this.security = security; return this; }
        public Builder consoleSize(ConsoleSize consoleSize) { this.consoleSize = consoleSize; return this; }
        public Builder network(NetworkSpec network) { this.network = network; return this; }
        public Builder init(boolean init) { this.init = init; return this; }
        public Builder healthcheck(Healthcheck healthcheck) { this.healthcheck = healthcheck; return this; }
        public Builder mounts(List<MountSpec> mounts) { this.mounts = mounts; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(image, imageId, repository, manifestDigest, layers, entrypoint, cmd, env,
                    workingDir, hostname, user, labels, tty, openStdin, resources, restartPolicy, security,
                    consoleSize, network, init, healthcheck, mounts);
        }
    }
}
