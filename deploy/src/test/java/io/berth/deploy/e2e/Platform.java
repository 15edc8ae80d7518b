package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The one Berth platform every end-to-end test class shares in a JVM: {@code java -jar target/berth.jar} as a
 * separate process on a temp data root, a socket in that dir, free ports and a unique cluster name. It is started
 * by the first test that asks and stopped (SIGTERM, then SIGKILL) when the JVM exits; its output is kept in
 * {@code target/e2e-platform.log}.
 */
public final class Platform {
    private static Platform instance;
    private static AssertionError startFailure;

    private final Path root;
    private final Path socket;
    private final Path log;
    private final String nodeId;
    private final int registryPort;
    private int agentPort;
    private int kafkaPort;
    private int tcpPort;
    private Process process;

    private Platform(Path root, Path log) {
        this.root = root;
        this.socket = root.resolve("berth.sock");
        this.log = log;
        this.nodeId = "e2e-node";
        this.registryPort = FreePorts.take(1)[0];
    }

    /** The shared platform, started on first use; a failed start fails every later caller the same way. */
    public static synchronized Platform get() {
        RootRequirement.check();
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (AssertionError e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    public Path socket() {
        return socket;
    }

    public Path root() {
        return root;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Base URL of the platform's image store. */
    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    /** Base URL of the platform's node agent stream endpoint (its {@code /metrics} too). */
    public String agentUrl() {
        return "http://127.0.0.1:" + agentPort;
    }

    /** The embedded Kafka broker's bootstrap address, for tests that consume topics as outsiders do. */
    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The API's TCP address as a base URL, e.g. for a browser. */
    public String apiUrl() {
        return "http://127.0.0.1:" + tcpPort;
    }

    /** A docker CLI pointed at this platform. */
    public DockerCli docker() {
        return new DockerCli(socket, root);
    }

    public Path log() {
        return log;
    }

    private static Platform start() {
        Path jar = Path.of(System.getProperty("berth.jar", "target/berth.jar"));
        Path target = Path.of(System.getProperty("berth.target", "target"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " is missing: end-to-end tests run after `mvn package`");
        }
        Platform platform;
        try {
            platform = new Platform(Files.createTempDirectory("berth-e2e-"), target.resolve("e2e-platform.log"));
        } catch (IOException e) {
            throw new AssertionError("cannot make a temp dir for the platform", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "berth-e2e-platform-stop"));
        platform.launch(jar);
        platform.awaitReady();
        return platform;
    }

    private void launch(Path jar) {
        int[] ports = FreePorts.take(5);
        tcpPort = ports[4];
        agentPort = ports[3];
        kafkaPort = ports[0];
        process = LauncherProcess.launch(jar, log, List.of(
                "--data-root", root.resolve("data").toString(),
                "--socket", socket.toString(),
                "--node-id", nodeId,
                "--cluster-name", "e2e-" + UUID.randomUUID(),
                "--kafka-port", Integer.toString(ports[0]),
                "--kafka-controller-port", Integer.toString(ports[1]),
                "--hazelcast-port", Integer.toString(ports[2]),
                "--agent-port", Integer.toString(ports[3]),
                "--registry-port", Integer.toString(registryPort),
                // what a browser reaches the dashboard on (loopback, so no TLS)
                "--tcp", "127.0.0.1:" + tcpPort,
                // what PlacementIT's constraints read
                "--node-label", "disk=ssd", "--node-label", "zone=e2e"));
    }

    private void awaitReady() {
        try {
            LauncherProcess.await(process, log, () -> ApiPing.answersOk(ApiPing.ping(socket, Duration.ofSeconds(5))),
                    "OK from GET /_ping on " + socket);
        } catch (AssertionError e) {
            stop();
            throw e;
        }
    }

    /** SIGTERM, a grace period, then SIGKILL; then the temp dir goes. Safe to call twice. */
    synchronized void stop() {
        LauncherProcess.stop(process);
        LauncherProcess.deleteRoot(root, "the platform");
    }
}
