package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one Berth platform every end-to-end test class shares in a JVM: {@code java -jar target/berth.jar} as a
 * separate process on a temp data root, a socket in that dir, free ports and a unique cluster name. It is started
 * by the first test that asks and stopped (SIGTERM, then SIGKILL) when the JVM exits; its output is kept in
 * {@code target/e2e-platform.log}.
 */
public final class Platform extends LaunchedPlatform {
    private static Platform instance;
    private static AssertionError startFailure;

    private final String nodeId = "e2e-node";
    private final Path log = target.resolve("e2e-platform.log");
    // what a browser reaches the dashboard on (loopback, so no TLS)
    private final int tcpPort = FreePorts.take(1)[0];
    private Process process;

    private Platform() {
        super("shared");
    }

    /** The shared platform, started on first use; a failed start fails every later caller the same way. */
    public static synchronized Platform get() {
        RootRequirement.check();
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                Platform platform = new Platform();
                instance = started(platform, platform::launch);
            } catch (AssertionError e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    public String nodeId() {
        return nodeId;
    }

    public Path log() {
        return log;
    }

    /** The launcher's process id (one JVM runs every stage), for reading its /proc entries. */
    public long pid() {
        return process.pid();
    }

    /** Base URL of the node agent's stream endpoint (its {@code /metrics} too). */
    public String agentUrl() {
        return "http://127.0.0.1:" + agentPort;
    }

    /** The embedded Kafka broker, for tests that consume topics as outside programs do. */
    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The API on TCP as a base URL, for a browser. */
    public String apiUrl() {
        return "http://127.0.0.1:" + tcpPort;
    }

    private void launch() {
        List<String> flags = new ArrayList<>(allInOneFlags(nodeId));
        flags.addAll(List.of("--tcp", "127.0.0.1:" + tcpPort,
                // what PlacementIT's constraints read
                "--node-label", "disk=ssd", "--node-label", "zone=e2e"));
        process = launch(log, flags);
        awaitPing(process, log, "OK from GET /_ping on " + socket);
    }

    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(process);
    }
}
