package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Berth of two processes, for tests that kill one part on its own: either {@code berth.jar --role control}
 * and {@code berth.jar --role agent} joining it ({@link #start()}), or {@code --role core} and
 * {@code --role gateway} joining it ({@link #startWithOwnGateway()}); on a temp root, free ports (the agent's
 * stream endpoint port is fixed, so a restarted agent binds it again) and a unique cluster name. Unlike
 * {@link Platform} it belongs to one test class, which closes it. Logs go to {@code target/e2e-split-*.log}.
 */
final class SplitPlatform implements AutoCloseable {

    private final Path jar;
    private final Path target;
    private final Path root;
    private final Path socket;
    private final String cluster = "e2e-split-" + UUID.randomUUID();
    private final String nodeId = "split-node";
    private final int kafkaPort;
    private final int controllerPort;
    private final int hazelcastPort;
    private final int registryPort;
    private final int agentPort;
    private final Thread hook = new Thread(this::close, "berth-e2e-split-stop");
    private Process control;
    private Process agent;
    private Process gateway;
    private int agentStarts;
    private int gatewayStarts;

    private SplitPlatform(Path jar, Path target, Path root) {
        this.jar = jar;
        this.target = target;
        this.root = root;
        this.socket = root.resolve("berth.sock");
        int[] ports = FreePorts.take(5);
        kafkaPort = ports[0];
        controllerPort = ports[1];
        hazelcastPort = ports[2];
        registryPort = ports[3];
        agentPort = ports[4];
    }

    /** Starts the control plane, waits for its API, then starts an agent and waits for it to be ready. */
    static SplitPlatform start() {
        SplitPlatform platform = prepare();
        try {
            platform.startControl();
            platform.startAgent();
        } catch (RuntimeException | AssertionError e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /** Starts the core (everything but the API, with its node agent), then a gateway process and waits for its API. */
    static SplitPlatform startWithOwnGateway() {
        SplitPlatform platform = prepare();
        try {
            platform.startCore();
            platform.startGateway();
        } catch (RuntimeException | AssertionError e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private static SplitPlatform prepare() {
        RootRequirement.check();
        Path jar = Path.of(System.getProperty("berth.jar", "target/berth.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " is missing: end-to-end tests run after `mvn package`");
        }
        SplitPlatform platform;
        try {
            platform = new SplitPlatform(jar, Path.of(System.getProperty("berth.target", "target")),
                    Files.createTempDirectory("berth-e2e-split-"));
        } catch (IOException e) {
            throw new AssertionError("cannot make a temp dir for the split platform", e);
        }
        Runtime.getRuntime().addShutdownHook(platform.hook);
        return platform;
    }

    /** The control plane's Docker API socket. */
    Path socket() {
        return socket;
    }

    DockerCli docker() {
        return new DockerCli(socket, root);
    }

    String nodeId() {
        return nodeId;
    }

    /** The running agent process's pid. */
    long agentPid() {
        return agent.pid();
    }

    /** Starts a node agent process on the same node id, data root and ports; returns once it says it is ready. */
    void startAgent() {
        if (agent != null && agent.isAlive()) {
            throw new IllegalStateException("an agent is already running (pid " + agent.pid() + ")");
        }
        Path log = target.resolve("e2e-split-agent-" + (++agentStarts) + ".log");
        agent = launch(log, List.of("--role", "agent",
                "--data-root", root.resolve("agent-data").toString(),
                "--node-id", nodeId,
                "--kafka-bootstrap", "127.0.0.1:" + kafkaPort,
                "--hazelcast-members", "127.0.0.1:" + hazelcastPort,
                "--registry-url", "http://127.0.0.1:" + registryPort,
                "--agent-port", Integer.toString(agentPort)));
        LauncherProcess.await(agent, log, () -> contains(log, "berth: ready as node agent"), "the agent's ready line");
    }

    /** SIGKILL to the agent process (ours, by pid); its containers' monitors are not its children to take along. */
    void killAgent() {
        kill(agent, "agent");
    }

    /**
     * An outage of Kafka and Hazelcast as the agent sees it: the control plane process is stopped (SIGSTOP: its
     * sockets stay open but nothing answers) for {@code outage}, then continued.
     */
    void freezeControl(Duration outage) {
        HostTraces.exec(List.of("kill", "-STOP", Long.toString(control.pid())));
        try {
            Thread.sleep(outage.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            HostTraces.exec(List.of("kill", "-CONT", Long.toString(control.pid())));
        }
    }

    /**
     * What a host reboot leaves of the node: SIGKILL to the agent, to every monitor of this node's containers
     * (found by their spec path under the agent's data root) and to every process in those containers' cgroups.
     * Mounts stay (the agent's release copes); nothing outside this platform's tree is touched.
     */
    void rebootNode() {
        killAgent();
        Path containers = root.resolve("agent-data").resolve("nodes").resolve(nodeId).resolve("containers");
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String args = String.join(" ", p.info().arguments().orElse(new String[0]));
            if (p.info().command().orElse("").contains("berth-monitor") && args.contains(containers.toString())) {
                HostTraces.exec(List.of("kill", "-9", Long.toString(p.pid())));
            }
        }
        try (var dirs = Files.list(containers)) {
            for (Path dir : dirs.toList()) {
                for (Path cgroup : HostTraces.cgroups(dir.getFileName().toString())) {
                    for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                        if (!pid.isBlank()) {
                            HostTraces.exec(List.of("kill", "-9", pid.trim()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list " + containers, e);
        }
    }

    /** Starts a gateway process on the platform's socket; returns once {@code GET /_ping} answers OK. */
    void startGateway() {
        if (gateway != null && gateway.isAlive()) {
            throw new IllegalStateException("a gateway is already running (pid " + gateway.pid() + ")");
        }
        Path log = target.resolve("e2e-split-gateway-" + (++gatewayStarts) + ".log");
        gateway = launch(log, List.of("--role", "gateway",
                "--data-root", root.resolve("gateway-data").toString(),
                "--socket", socket.toString(),
                "--node-id", "split-gateway",
                "--kafka-bootstrap", "127.0.0.1:" + kafkaPort,
                "--hazelcast-members", "127.0.0.1:" + hazelcastPort,
                "--registry-url", "http://127.0.0.1:" + registryPort));
        LauncherProcess.await(gateway, log, () -> ApiPing.answersOk(ApiPing.ping(socket, Duration.ofSeconds(5))),
                "GET /_ping answered OK by the gateway");
    }

    /** SIGKILL to the gateway process (ours, by pid): it gets no chance to tidy up. */
    void killGateway() {
        kill(gateway, "gateway");
    }

    long gatewayPid() {
        return gateway.pid();
    }

    private static void kill(Process process, String what) {
        HostTraces.exec(List.of("kill", "-9", Long.toString(process.pid())));
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(what + " pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void startCore() {
        Path log = target.resolve("e2e-split-core.log");
        control = launch(log, List.of("--role", "core",
                "--data-root", root.resolve("core-data").toString(),
                "--socket", "",
                "--node-id", nodeId,
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--registry-port", Integer.toString(registryPort),
                "--agent-port", Integer.toString(agentPort)));
        LauncherProcess.await(control, log, () -> contains(log, "berth: ready as core"), "the core's ready line");
    }

    private void startControl() {
        Path log = target.resolve("e2e-split-control.log");
        control = launch(log, List.of("--role", "control",
                "--data-root", root.resolve("control-data").toString(),
                "--socket", socket.toString(),
                "--node-id", "split-control",
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--registry-port", Integer.toString(registryPort)));
        LauncherProcess.await(control, log, () -> ApiPing.answersOk(ApiPing.ping(socket, Duration.ofSeconds(5))),
                "GET /_ping answered OK");
    }

    private Process launch(Path log, List<String> flags) {
        List<String> all = new ArrayList<>(List.of("--cluster-name", cluster));
        all.addAll(flags);
        return LauncherProcess.launch(jar, log, all);
    }

    /** Stops the gateway and the agent, then the control plane (SIGTERM, then SIGKILL), then deletes the temp root. Idempotent. */
    @Override
    public synchronized void close() {
        LauncherProcess.stop(gateway);
        LauncherProcess.stop(agent);
        LauncherProcess.stop(control);
        LauncherProcess.deleteRoot(root, "the split platform");
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook finds nothing left to do
            }
        }
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
