package io.berth.deploy.e2e;

import java.nio.file.Path;

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
        process = launch(log, allInOneFlags(nodeId));
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

    /** The containers' monitors ({@code berth-monitor} processes of this platform's node): pid → container id. */
    java.util.Map<Long, String> monitors() {
        java.util.regex.Pattern ofContainer = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(containers().toString()) + "/([0-9a-f]{64})");
        java.util.Map<Long, String> found = new java.util.TreeMap<>();
        ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains("berth-monitor"))
                .forEach(p -> {
                    java.util.regex.Matcher m = ofContainer.matcher(
                            String.join(" ", p.info().arguments().orElse(new String[0])));
                    if (m.find()) {
                        found.put(p.pid(), m.group(1));
                    }
                });
        return found;
    }

    /** SIGKILL to the launcher (every stage at once); the monitors are not its to take along. */
    void crash() {
        LauncherProcess.kill(process, "the launcher");
    }

    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(process);
    }
}
