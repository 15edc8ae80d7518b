package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Berth of two processes, for tests that kill one part on its own: either {@code berth.jar --role control}
 * and {@code berth.jar --role agent} joining it ({@link #start()}), or {@code --role core} and
 * {@code --role gateway} joining it ({@link #startWithOwnGateway()}); on a temp root, free ports (the agent's
 * stream endpoint port is fixed, so a restarted agent binds it again) and a unique cluster name. Unlike
 * {@link Platform} it belongs to one test class, which closes it. Logs go to {@code target/e2e-split-*.log}.
 */
final class SplitPlatform extends LaunchedPlatform {
    private final String nodeId = "split-node";
    private Process control;
    private Process agent;
    private Process gateway;
    private Process registry;
    private boolean ownRegistry;
    private int registryStarts;
    private int agentStarts;
    private int gatewayStarts;
    private int controlStarts;

    private SplitPlatform() {
        super("split");
    }

    /** Starts the control plane, waits for its API, then starts an agent and waits for it to be ready. */
    static SplitPlatform start() {
        SplitPlatform platform = new SplitPlatform();
        return started(platform, () -> {
            platform.startControl();
            platform.startAgent();
        });
    }

    /**
     * Starts the image store as a process of its own ({@code --role registry}), then the control plane and the
     * agent, both told to use it ({@code --registry-url}), so a test can kill the image store alone.
     */
    static SplitPlatform startWithOwnRegistry() {
        SplitPlatform platform = new SplitPlatform();
        platform.ownRegistry = true;
        return started(platform, () -> {
            platform.startRegistry();
            platform.startControl();
            platform.startAgent();
        });
    }

    /** Starts the image store process on the same data root and port; returns once it says it is ready. */
    void startRegistry() {
        if (registry != null && registry.isAlive()) {
            throw new IllegalStateException("an image store is already running (pid " + registry.pid() + ")");
        }
        Path log = target.resolve("e2e-split-registry-" + (++registryStarts) + ".log");
        registry = launch(log, List.of("--role", "registry",
                "--data-root", registryData().toString(),
                "--registry-port", Integer.toString(registryPort)));
        awaitLine(registry, log, "berth: ready as image store", "the image store's ready line");
    }

    /** The image store process's data root (its tree is {@code images/} under it). */
    Path registryData() {
        return root.resolve("registry-data");
    }

    /** The node agent's data directory ({@code layers/}, {@code blobs/tmp}, {@code containers/}). */
    Path agentNodeDir() {
        return root.resolve("agent-data").resolve("nodes").resolve(nodeId);
    }

    long registryPid() {
        return registry.pid();
    }

    /** SIGKILL to the image store process alone (ours, by pid). */
    void killRegistry() {
        LauncherProcess.kill(registry, "image store");
    }

    /** Starts the core (everything but the API, with its node agent), then a gateway process and waits for its API. */
    static SplitPlatform startWithOwnGateway() {
        SplitPlatform platform = new SplitPlatform();
        return started(platform, () -> {
            platform.startCore();
            platform.startGateway();
        });
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
        agent = launchAgent(log, nodeId, "127.0.0.1:" + kafkaPort, "127.0.0.1:" + hazelcastPort);
        awaitLine(agent, log, "berth: ready as node agent", "the agent's ready line");
    }

    /**
     * A whole-platform restart: every process stopped as an operator stops Berth (SIGTERM, then SIGKILL), then the
     * control plane and the agent started again on the same data roots, ports and cluster name; returns once the
     * API answers and the agent says it is ready. {@code whileDown} runs when nothing of the platform runs (what an
     * operator might do to the disk meanwhile). Only for the {@link #start()} layout.
     */
    void restart(Runnable whileDown) {
        if (gateway != null) {
            throw new IllegalStateException("restart() is for the control + agent layout");
        }
        stopProcesses();
        whileDown.run();
        startControl();
        startAgent();
    }

    /** The running control plane process's pid. */
    long controlPid() {
        return control.pid();
    }

    /** SIGKILL to the agent process (ours, by pid); its containers' monitors are not its children to take along. */
    void killAgent() {
        LauncherProcess.kill(agent, "agent");
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
        awaitPing(gateway, log, "GET /_ping answered OK by the gateway");
    }

    /** SIGKILL to the gateway process (ours, by pid): it gets no chance to tidy up. */
    void killGateway() {
        LauncherProcess.kill(gateway, "gateway");
    }

    long gatewayPid() {
        return gateway.pid();
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
        awaitLine(control, log, "berth: ready as core", "the core's ready line");
    }

    private void startControl() {
        Path log = target.resolve("e2e-split-control" + (++controlStarts == 1 ? "" : "-" + controlStarts) + ".log");
        control = launch(log, List.of("--role", "control",
                "--data-root", root.resolve("control-data").toString(),
                "--socket", socket.toString(),
                "--node-id", "split-control",
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                ownRegistry ? "--registry-url" : "--registry-port",
                ownRegistry ? "http://127.0.0.1:" + registryPort : Integer.toString(registryPort)));
        awaitPing(control, log, "GET /_ping answered OK");
    }

    /** Stops the gateway and the agent, then the control plane (SIGTERM, then SIGKILL). */
    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(gateway);
        LauncherProcess.stop(agent);
        LauncherProcess.stop(control);
        LauncherProcess.stop(registry);
    }
}
