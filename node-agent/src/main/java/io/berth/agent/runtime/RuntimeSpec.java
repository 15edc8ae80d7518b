package io.berth.agent.runtime;

import io.berth.agent.net.SandboxSpec;
import io.berth.events.spec.Resources;
import io.berth.events.spec.Security;

import java.nio.file.Path;
import java.util.List;

/**
 * One container, resolved to plain host values before any syscall: what the runtime mounts, limits and runs.
 *
 * @param containerId  64 hex characters
 * @param lowerDirs    unpacked, read-only layer directories, lowest layer first
 * @param containerDir the container's own directory: the runtime keeps {@code upper/}, {@code work/},
 *                     {@code rootfs/}, the log and the monitor's state files in it
 * @param argv         the command, argv[0] looked up in the container's PATH
 * @param env          {@code KEY=value} entries
 * @param workingDir   absolute path inside the container
 * @param hostname     the container's hostname
 * @param user         {@code uid[:gid]}, empty for root
 * @param resources    cgroup limits
 * @param security     capabilities, privileged mode, read-only root ({@link Security#DEFAULT} when null)
 * @param console      terminal and stdin ({@link Console#NONE} when null)
 * @param network      its network namespace and /etc files; null: a new, empty namespace and the image's files
 * @param init         a host binary run as PID 1 in front of argv ({@code --init}), null for none
 * @param mounts       binds, volumes and tmpfs mounts resolved to host paths, in order
 */
public record RuntimeSpec(String containerId, List<Path> lowerDirs, Path containerDir, List<String> argv,
                          List<String> env, String workingDir, String hostname, String user, Resources resources,
                          Security security, Console console, SandboxSpec network, Path init,
                          List<RuntimeMount> mounts) {

    public RuntimeSpec {
        security = security == null ? Security.DEFAULT : security;
        console = console == null ? Console.NONE : console;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /** Without user mounts. */
    public RuntimeSpec(String containerId, List<Path> lowerDirs, Path containerDir, List<String> argv,
                       List<String> env, String workingDir, String hostname, String user, Resources resources,
                       Security security, Console console, SandboxSpec network, Path init) {
        this(containerId, lowerDirs, containerDir, argv, env, workingDir, hostname, user, resources, security,
                console, network, init, List.of());
    }

    /** Without a network of its own making (a new, empty namespace) and without an init. */
    public RuntimeSpec(String containerId, List<Path> lowerDirs, Path containerDir, List<String> argv,
                       List<String> env, String workingDir, String hostname, String user, Resources resources,
                       Security security, Console console) {
        this(containerId, lowerDirs, containerDir, argv, env, workingDir, hostname, user, resources, security,
                console, null, null, List.of());
    }

    /** Without a terminal or stdin. */
    public RuntimeSpec(String containerId, List<Path> lowerDirs, Path containerDir, List<String> argv,
                       List<String> env, String workingDir, String hostname, String user, Resources resources,
                       Security security) {
        this(containerId, lowerDirs, containerDir, argv, env, workingDir, hostname, user, resources, security,
                Console.NONE, null, null, List.of());
    }

    /** With Docker's default confinement. */
    public RuntimeSpec(String containerId, List<Path> lowerDirs, Path containerDir, List<String> argv,
                       List<String> env, String workingDir, String hostname, String user, Resources resources) {
        this(containerId, lowerDirs, containerDir, argv, env, workingDir, hostname, user, resources,
                Security.DEFAULT, Console.NONE, null, null, List.of());
    }
}
