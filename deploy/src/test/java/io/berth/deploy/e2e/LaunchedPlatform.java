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

/**
 * What every end-to-end platform layout shares: {@code target/berth.jar}, a temp root holding the API socket,
 * free ports for Kafka, its controller, Hazelcast, the registry and the agents, a unique cluster name, launcher
 * processes started with that name, and a close that stops them and deletes the root — also from a shutdown
 * hook, so an aborted run leaves nothing. {@link Platform}, {@link SplitPlatform} and {@link ClusterPlatform}
 * say only which processes they start and how.
 */
abstract class LaunchedPlatform implements AutoCloseable {
    protected final Path jar;
    protected final Path target;
    protected final Path root;
    protected final Path socket;
    protected final String cluster;
    protected final int kafkaPort;
    protected final int controllerPort;
    protected final int hazelcastPort;
    protected final int registryPort;
    protected final int agentPort;
    private final String what;
    private final Thread hook;

    /** {@code kind} names the layout in its temp dir, cluster name and messages ({@code split}, {@code cluster}). */
    protected LaunchedPlatform(String kind) {
        RootRequirement.check();
        jar = Path.of(System.getProperty("berth.jar", "target/berth.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " is missing: end-to-end tests run after `mvn package`");
        }
        target = Path.of(System.getProperty("berth.target", "target"));
        what = "the " + kind + " platform";
        try {
            root = Files.createTempDirectory("berth-e2e-" + kind + "-");
        } catch (IOException e) {
            throw new AssertionError("cannot make a temp dir for " + what, e);
        }
        socket = root.resolve("berth.sock");
        cluster = "e2e-" + kind + "-" + UUID.randomUUID();
        int[] ports = FreePorts.take(5);
        kafkaPort = ports[0];
        controllerPort = ports[1];
        hazelcastPort = ports[2];
        registryPort = ports[3];
        agentPort = ports[4];
        hook = new Thread(this::close, "berth-e2e-" + kind + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code start}; if it fails, closes what it got as far as starting, so nothing is left running. */
    protected static <P extends LaunchedPlatform> P started(P platform, Runnable start) {
        try {
            start.run();
        } catch (RuntimeException | AssertionError e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /** The Docker API socket. */
    Path socket() {
        return socket;
    }

    /** The temp root everything of this platform lives under. */
    Path root() {
        return root;
    }

    /** Base URL of the platform's image store. */
    String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    /** A docker CLI pointed at this platform. */
    DockerCli docker() {
        return new DockerCli(socket, root);
    }

    /** {@code java -jar berth.jar --cluster-name CLUSTER FLAGS…}, run through {@code wrapper} if it has any. */
    protected Process launch(List<String> wrapper, Path log, List<String> flags) {
        List<String> all = new ArrayList<>(List.of("--cluster-name", cluster));
        all.addAll(flags);
        return LauncherProcess.launch(wrapper, jar, log, all);
    }

    protected Process launch(Path log, List<String> flags) {
        return launch(List.of(), log, flags);
    }

    /**
     * The all-in-one launcher's flags ({@code ./berth up}: every stage in one process) for {@code node}, on this
     * platform's {@code data} root, socket and ports.
     */
    protected List<String> allInOneFlags(String node) {
        return List.of(
                "--data-root", root.resolve("data").toString(),
                "--socket", socket.toString(),
                "--node-id", node,
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--agent-port", Integer.toString(agentPort),
                "--registry-port", Integer.toString(registryPort));
    }

    /**
     * {@code --role agent} as {@code node} (data under {@code agent-data}, this platform's image store and agent
     * port) joining {@code kafkaBootstrap} and {@code hazelcastMembers}; the caller keeps the process before it
     * waits for the ready line, so a failed start still stops it.
     */
    protected Process launchAgent(Path log, String node, String kafkaBootstrap, String hazelcastMembers) {
        return launch(log, List.of("--role", "agent",
                "--data-root", root.resolve("agent-data").toString(),
                "--node-id", node,
                "--kafka-bootstrap", kafkaBootstrap,
                "--hazelcast-members", hazelcastMembers,
                "--registry-url", registryUrl(),
                "--agent-port", Integer.toString(agentPort)));
    }

    /** Waits for {@code GET /_ping} on the socket to answer OK. */
    protected void awaitPing(Process process, Path log, String what) {
        LauncherProcess.await(process, log, () -> ApiPing.answers(socket, Duration.ofSeconds(5)),
                what);
    }

    /** Waits for the process to write {@code line} to its log (e.g. {@code berth: ready as node agent}). */
    protected static void awaitLine(Process process, Path log, String line, String what) {
        LauncherProcess.await(process, log, () -> contains(log, line), what);
    }

    /** Stops this layout's processes (SIGTERM, then SIGKILL), in the order it needs. */
    protected abstract void stopProcesses();

    /** Stops the processes, then deletes the temp root. Idempotent; also runs from the shutdown hook. */
    @Override
    public synchronized void close() {
        stopProcesses();
        LauncherProcess.deleteRoot(root, what);
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
