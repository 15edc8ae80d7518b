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
    }

    /** A spec without mounts. */
    public ContainerSpec(String image, String imageId, String repository, String manifestDigest, List<LayerRef> layers,
                         List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                         String hostname, String user, Map<String, String> labels, boolean tty, boolean openStdin,
                         Resources resources, String restartPolicy, Security security, ConsoleSize consoleSize) {
        this(image, imageId, repository, manifestDigest, layers, entrypoint, cmd, env, workingDir, hostname, user,
                labels, tty, openStdin, resources, restartPolicy, security, consoleSize, List.of());
    }

    /** A spec whose terminal, if any, starts at the runtime's default size. */
    public ContainerSpec(String image, String imageId, String repository, String manifestDigest, List<LayerRef> layers,
                         List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                         String hostname, String user, Map<String, String> labels, boolean tty, boolean openStdin,
                         Resources resources, String restartPolicy, Security security) {
        this(image, imageId, repository, manifestDigest, layers, entrypoint, cmd, env, workingDir, hostname, user,
                labels, tty, openStdin, resources, restartPolicy, security, null, List.of());
    }

    /** A spec with Docker's default confinement. */
    public ContainerSpec(String image, String imageId, String repository, String manifestDigest, List<LayerRef> layers,
                         List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                         String hostname, String user, Map<String, String> labels, boolean tty, boolean openStdin,
                         Resources resources, String restartPolicy) {
        this(image, imageId, repository, manifestDigest, layers, entrypoint, cmd, env, workingDir, hostname, user,
                labels, tty, openStdin, resources, restartPolicy, Security.DEFAULT);
    }

    /** The argv the process runs: entrypoint followed by cmd. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        return argv;
    }
}
