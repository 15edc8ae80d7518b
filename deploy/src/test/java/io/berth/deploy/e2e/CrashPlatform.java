package io.berth.deploy.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one platform of one test class ({@code ./berth up}: one launcher process running every stage), which
 * the test can SIGKILL and launch again with the same command on the same data root, ports and cluster name.
 * Logs go to {@code target/e2e-crash-N.log}, one per launch.
 */
final class CrashPlatform extends LaunchedPlatform {
    private final String nodeId = "crash-node";
    private Process process;
    private Path log;
    private int launches;

    private CrashPlatform() {
        super("crash");
    }

    static CrashPlatform start() {
        CrashPlatform platform = new CrashPlatform();
        return started(platform, platform::up);
    }

    /** The launcher command, as {@code ./berth up} gives it; returns once {@code GET /_ping} answers OK. */
    void up() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the platform runs already (pid " + process.pid() + ")");
        }
        log = target.resolve("e2e-crash-" + (++launches) + ".log");
        process = launch(log, List.of(
                "--data-root", root.resolve("data").toString(),
                "--socket", socket.toString(),
                "--node-id", nodeId,
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--agent-port", Integer.toString(agentPort),
                "--registry-port", Integer.toString(registryPort)));
        awaitPing(process, log, "OK from GET /_ping on " + socket);
    }

    /** This launch's log. */
    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** The node's container directories' parent. */
    Path containers() {
        return root.resolve("data").resolve("nodes").resolve(nodeId).resolve("containers");
    }

    /** Pids of the containers' monitors ({@code berth-monitor} processes of this platform's node). */
    List<Long> monitors() {
        String dir = containers().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").contains("berth-monitor")
                        && String.join(" ", p.info().arguments().orElse(new String[0])).contains(dir))
                .map(ProcessHandle::pid).toList();
    }

    /** SIGKILL to the launcher (every stage at once); the monitors are not its to take along. */
    void crash() {
        HostTraces.exec(List.of("kill", "-9", Long.toString(process.pid())));
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the launcher pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(process);
    }
}
