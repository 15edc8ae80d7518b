package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one Berth platform every end-to-end test class shares in a JVM: {@code java -jar target/berth.jar} as a
 * separate process on a temp data root, a socket in that dir, free ports and a unique cluster name. It is started
 * by the first test that asks and stopped (SIGTERM, then SIGKILL) when the JVM exits; its output is kept in
 * {@code target/e2e-platform.log}.
 */
public final class Platform {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static Platform instance;
    private static AssertionError startFailure;

    private final Path root;
    private final Path socket;
    private final Path log;
    private final String nodeId;
    private final int registryPort;
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
        int[] ports = FreePorts.take(4);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--data-root", root.resolve("data").toString(),
                "--socket", socket.toString(),
                "--node-id", nodeId,
                "--cluster-name", "e2e-" + UUID.randomUUID(),
                "--kafka-port", Integer.toString(ports[0]),
                "--kafka-controller-port", Integer.toString(ports[1]),
                "--hazelcast-port", Integer.toString(ports[2]),
                "--agent-port", Integer.toString(ports[3]),
                "--registry-port", Integer.toString(registryPort));
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Flags.clearBerthEnvironment(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the platform exited with status " + process.exitValue()
                        + " before its API answered; end of " + log + ":\n" + tail());
            }
            last = ApiPing.ping(socket, Duration.ofSeconds(5));
            if (ApiPing.answersOk(last)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        stop();
        throw new AssertionError("the platform's API on " + socket + " did not answer GET /_ping with OK within "
                + READY_TIMEOUT.toSeconds() + " s (last answer: " + last + "); end of " + log + ":\n" + tail());
    }

    /** SIGTERM, a grace period, then SIGKILL; then the temp dir goes. Safe to call twice. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            List<Path> mounted = TempTree.delete(root);
            if (!mounted.isEmpty()) {
                System.err.println("berth e2e: the platform left mounts behind, not deleted: " + mounted);
            }
        } catch (IOException e) {
            System.err.println("berth e2e: cannot delete " + root + ": " + e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
