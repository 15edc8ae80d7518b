package io.berth.agent.runtime;

import io.berth.agent.cgroup.CgroupProbe;
import io.berth.agent.cgroup.Cgroups;
import io.berth.agent.net.NetFailure;
import io.berth.agent.net.SandboxSpec;
import io.berth.agent.net.Sandboxes;
import io.berth.agent.sys.Errno;
import io.berth.agent.sys.LibcSyscalls;
import io.berth.agent.sys.MountTable;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;
import io.berth.events.spec.Resources;
import io.berth.events.spec.Security;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs containers on this Linux host: overlay root and cgroup from Java, everything between fork and exec in
 * the native {@code berth-monitor}, which then stays with the container and outlives the agent.
 */
public final class LinuxRuntime implements ContainerRuntime {
    private static final System.Logger LOG = System.getLogger(LinuxRuntime.class.getName());
    private static final int SIGKILL = 9;
    /** Docker's code for "the monitor died and nobody recorded how the container ended". */
    private static final int UNKNOWN_EXIT = 255;
    /** The error of a container whose monitor went without writing its exit: what dockerd shows after a reboot. */
    static final String MONITOR_LOST = "the container's monitor is gone without recording an exit"
            + " (the host rebooted or the monitor was killed)";
    /** Mounting and exec'ing take milliseconds; this only catches a wedged monitor. */
    private static final long HANDSHAKE_TIMEOUT_S = 30;

    private final Path stateRoot;
    private final Syscalls syscalls;
    private final Cgroups cgroups;
    private final OverlayRoot overlay;
    /** Builds containers' network namespaces; null: each gets a new, empty one from the monitor. */
    private final Sandboxes sandboxes;
    private final MonitorExits adoptedExits;
    private final UserNamespaces namespaces;

    public LinuxRuntime(Path stateRoot) {
        this(stateRoot, Cgroups.DEFAULT_PARENT);
    }

    /** A runtime whose containers' cgroups live under {@code cgroupParent}. */
    public LinuxRuntime(Path stateRoot, String cgroupParent) {
        this(stateRoot, new LibcSyscalls(), cgroupParent);
    }

    /** A runtime that wires containers' networks through {@code sandboxes}. */
    public LinuxRuntime(Path stateRoot, String cgroupParent, Sandboxes sandboxes) {
        this(stateRoot, cgroupParent, sandboxes, UserNamespaces.OFF);
    }

    /** A runtime that wires networks through {@code sandboxes} and gives containers user namespaces as asked. */
    public LinuxRuntime(Path stateRoot, String cgroupParent, Sandboxes sandboxes, UserNamespaces namespaces) {
        this(stateRoot, new LibcSyscalls(), detectCgroups(new LibcSyscalls(), cgroupParent), sandboxes, namespaces);
    }

    private LinuxRuntime(Path stateRoot, Syscalls syscalls, String cgroupParent) {
        this(stateRoot, syscalls, cgroupParent, null);
    }

    private LinuxRuntime(Path stateRoot, Syscalls syscalls, String cgroupParent, Sandboxes sandboxes) {
        this(stateRoot, syscalls, detectCgroups(syscalls, cgroupParent), sandboxes);
    }

    /** For hosts or tests that choose the cgroup layout themselves. */
    public LinuxRuntime(Path stateRoot, Syscalls syscalls, Cgroups cgroups) {
        this(stateRoot, syscalls, cgroups, null);
    }

    private LinuxRuntime(Path stateRoot, Syscalls syscalls, Cgroups cgroups, Sandboxes sandboxes) {
        this(stateRoot, syscalls, cgroups, sandboxes, UserNamespaces.OFF);
    }

    private LinuxRuntime(Path stateRoot, Syscalls syscalls, Cgroups cgroups, Sandboxes sandboxes,
                         UserNamespaces namespaces) {
        this.namespaces = namespaces;
        this.stateRoot = stateRoot;
        this.syscalls = syscalls;
        this.cgroups = cgroups;
        this.overlay = new OverlayRoot(syscalls);
        this.sandboxes = sandboxes;
        this.adoptedExits = new MonitorExits(syscalls, LinuxRuntime::isMonitorOf);
    }

    @Override
    public RunningContainer start(RuntimeSpec spec) throws RuntimeFailure {
        ContainerFiles files = new ContainerFiles(spec.containerDir());
        Process monitor = null;
        try {
            MonitorSpec monitorSpec = prepare(spec, files);
            monitor = spawn(files);
            Handshake handshake = readHandshake(monitor, HANDSHAKE_TIMEOUT_S);
            if (!handshake.ok()) {
                monitor.waitFor(10, TimeUnit.SECONDS);
                throw new RuntimeFailure(handshake.message(), handshake.exitCode());
            }
            MonitorState.Started started = MonitorState.started(files.started())
                    .orElseThrow(() -> new IOException("monitor said ok but wrote no " + files.started()));
            LOG.log(System.Logger.Level.DEBUG, "container {0} runs as pid {1} ({2})",
                    spec.containerId(), started.childPid(), monitorSpec.argv());
            return watch(spec.containerId(), started, files, monitor.onExit().thenApply(p -> null));
        } catch (RuntimeFailure f) {
            undo(spec, monitor);
            throw f;
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            undo(spec, monitor);
            throw new RuntimeFailure("failed to start container " + spec.containerId() + ": " + e.getMessage(), 125, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            undo(spec, monitor);
            throw new RuntimeFailure("interrupted while starting container " + spec.containerId(), 125, e);
        }
    }

    @Override
    public Optional<RunningContainer> adopt(String containerId, Path containerDir) {
        ContainerFiles files = new ContainerFiles(containerDir);
        try {
            Optional<MonitorState.Started> started = MonitorState.started(files.started());
            if (started.isEmpty()) {
                return Optional.empty();
            }
            CompletableFuture<Void> monitorGone = adoptedExits.whenGone(started.get().monitorPid(),
                    canonical(files.monitorSpec()).toString());
            return Optional.of(watch(containerId, started.get(), files, monitorGone));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("unreadable state of container " + containerId + " in " + containerDir,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public void signal(RunningContainer container, int signal) {
        // Once the monitor has reaped it, the pid may belong to someone else.
        if (container.exit().isDone()) {
            return;
        }
        try {
            syscalls.kill(container.pid(), signal);
        } catch (SyscallFailure e) {
            if (e.errno() != Errno.ESRCH) {
                throw new UncheckedIOException("signal " + signal + " to container " + container.containerId(), e);
            }
        }
    }

    @Override
    public void freeze(String containerId) {
        try {
            cgroups.freeze(containerId);
        } catch (IOException e) {
            throw new UncheckedIOException("pause container " + containerId, e);
        }
    }

    @Override
    public void update(String containerId, Resources before, Resources after) throws IOException {
        cgroups.update(containerId, before, after);
    }

    @Override
    public void thaw(String containerId) {
        try {
            cgroups.thaw(containerId);
        } catch (IOException e) {
            throw new UncheckedIOException("unpause container " + containerId, e);
        }
    }

    @Override
    public void release(String containerId, Path containerDir) {
        Path rootfs = canonical(new ContainerFiles(containerDir).rootfs());
        try {
            while (MountTable.read().isMountPoint(rootfs)) {
                syscalls.umount2(rootfs, Syscalls.MNT_DETACH);
            }
            cgroups.remove(containerId);
            if (sandboxes != null) {
                sandboxes.remove(containerId);
            }
            // the last container out takes the shared parent with it, so an idle host keeps no berth cgroup
            cgroups.removeParent();
        } catch (IOException e) {
            throw new UncheckedIOException("release container " + containerId + " at " + containerDir, e);
        }
    }

    @Override
    public IdRange ids(String containerId, Path containerDir, Security security, boolean hostNetwork)
            throws IOException {
        return namespaces.of(containerId, containerDir, UserNamespaces.wanted(security, hostNetwork));
    }

    @Override
    public void removed(String containerId) {
        namespaces.free(containerId);
    }

    /** The runtime's helpers' directory. */
    public Path stateRoot() {
        return stateRoot;
    }

    /** The cgroup layout this runtime uses (exposed for inspection and tests). */
    public Cgroups cgroups() {
        return cgroups;
    }

    private MonitorSpec prepare(RuntimeSpec spec, ContainerFiles files) throws IOException, RuntimeFailure {
        if (spec.argv() == null || spec.argv().isEmpty()) {
            throw new RuntimeFailure("no command specified", 125);
        }
        Confinement confinement;
        try {
            confinement = Confinement.of(spec.security());
        } catch (IllegalArgumentException e) {
            throw RuntimeFailure.invalidSpec(e.getMessage());
        }
        Files.createDirectories(files.upper());
        Files.createDirectories(files.work());
        Files.createDirectories(files.rootfs());
        // A restart must not be mistaken for the previous run by adopt().
        Files.deleteIfExists(files.started());
        Files.deleteIfExists(files.exited());
        release(spec.containerId(), spec.containerDir());
        boolean hostNetwork = spec.network() != null && spec.network().mode() == SandboxSpec.Mode.HOST;
        IdRange ids = ids(spec.containerId(), spec.containerDir(), spec.security(), hostNetwork);
        // with a user namespace, a new network namespace is made inside it, so the container's root has
        // CAP_NET_RAW and CAP_NET_BIND_SERVICE there, as under runc; the helper that idmaps the layers makes it
        boolean netInUserns = spec.network() != null && !ids.isHost()
                && spec.network().mode() != SandboxSpec.Mode.HOST && spec.network().mode() != SandboxSpec.Mode.JOIN;
        if (netInUserns && sandboxes == null) {
            throw RuntimeFailure.invalidSpec("this runtime cannot set up networks");
        }
        overlay.mount(spec.lowerDirs(), files, ids, stateRoot,
                netInUserns ? sandboxes.path(spec.containerId()) : null);
        // names need the image's own accounts, so the user is resolved once its root is there
        UserIds user = ContainerAccounts.resolve(canonical(files.rootfs()), spec.user());
        List<UserMounts.Resolved> mounts = UserMounts.prepare(canonical(files.rootfs()), spec.mounts(), ids);
        List<Path> procs = cgroups.create(spec.containerId(), spec.resources());
        String cwd = spec.workingDir() == null || spec.workingDir().isBlank() ? "/" : spec.workingDir();
        String net = null;
        if (spec.network() != null) {
            EtcWriter.write(files.rootfs(), spec.network().etcFiles(), ids);
            if (sandboxes == null) {
                throw RuntimeFailure.invalidSpec("this runtime cannot set up networks");
            }
            List<String> maker = netInUserns ? Sandboxes.MADE : null;
            try {
                net = sandboxes.create(spec.containerId(), spec.network(), maker);
            } catch (NetFailure e) {
                throw new RuntimeFailure("failed to set up the network of container " + spec.containerId() + ": "
                        + e.getMessage(), 125, e);
            }
        }
        MonitorSpec monitorSpec = new MonitorSpec(canonical(files.rootfs()), cwd, spec.hostname(), user,
                canonical(files.log()), canonical(spec.containerDir()), spec.argv(), spec.env(), procs, confinement,
                spec.console(), net, spec.init() == null ? null : InitBinary.check(spec.init()), mounts, ids,
                netInUserns);
        Files.writeString(files.monitorSpec(), monitorSpec.render(SeccompCache.directory(stateRoot)));
        return monitorSpec;
    }

    private Process spawn(ContainerFiles files) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(MonitorBinary.extract(stateRoot).toString(),
                canonical(files.monitorSpec()).toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(files.monitorErrors().toFile()));
        builder.environment().clear();
        return builder.start();
    }

    private static Handshake readHandshake(Process monitor, long timeoutSeconds) throws IOException {
        // A monitor stuck before its handshake is killed; the read then ends at EOF and start() undoes.
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(monitor::destroyForcibly,
                CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS));
        // Closing our end afterwards is fine: the monitor never writes to this pipe again.
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            return Handshake.parse(in.readLine());
        } finally {
            watchdog.cancel(false);
        }
    }

    private RunningContainer watch(String id, MonitorState.Started started, ContainerFiles files,
                                   CompletableFuture<Void> monitorGone) {
        CompletableFuture<ExitStatus> exit = monitorGone.thenApply(v -> exitStatus(id, files));
        return new WatchedContainer(id, started.childPid(), started.monitorPid(), started.startedAt(), exit);
    }

    private ExitStatus exitStatus(String id, ContainerFiles files) {
        try {
            return MonitorState.exited(files.exited())
                    .map(e -> new ExitStatus(e.exitCode(), cgroups.oomKilled(id), e.finishedAt()))
                    .orElseGet(() -> new ExitStatus(UNKNOWN_EXIT, false, Instant.now(), MONITOR_LOST));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves no process, mount or cgroup behind a start that failed half-way. */
    private void undo(RuntimeSpec spec, Process monitor) {
        if (monitor != null && monitor.isAlive()) {
            monitor.destroyForcibly();
        }
        for (Long pid : cgroups.pids(spec.containerId())) {
            try {
                syscalls.kill(pid, SIGKILL);
            } catch (SyscallFailure e) {
                // already gone
            }
        }
        try {
            if (monitor != null) {
                monitor.waitFor(5, TimeUnit.SECONDS);
            }
            release(spec.containerId(), spec.containerDir());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup after failed start of " + spec.containerId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // after a reboot the pid may belong to anyone, even another container's monitor: the spec path says whose
    private static boolean isMonitorOf(long pid, String spec) {
        return ProcessHandle.of(pid).filter(LinuxRuntime::isMonitor)
                .flatMap(h -> h.info().arguments())
                .map(args -> java.util.Arrays.asList(args).contains(spec)).orElse(false);
    }

    private static boolean isMonitor(ProcessHandle handle) {
        return handle.info().command().map(c -> c.contains("berth-monitor")).orElse(false);
    }

    private static Path canonical(Path path) {
        try {
            return Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Cgroups detectCgroups(Syscalls syscalls, String parent) {
        try {
            return CgroupProbe.detect(syscalls, parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo to probe cgroups", e);
        }
    }
}
