package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the real docker CLI against the platform's socket, with its own empty config, and a timeout. */
public final class DockerCli {
    public static final Path BINARY = Path.of("/usr/local/bin/docker");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path socket;
    private final Path config;
    private final Map<String, String> extraEnv;

    /** What one docker invocation did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " → exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
                    + stderr;
        }
    }

    public DockerCli(Path socket, Path scratch) {
        this.socket = socket;
        this.extraEnv = Map.of();
        try {
            this.config = Files.createDirectories(scratch.resolve("docker-config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DockerCli(Path socket, Path config, Map<String, String> extraEnv) {
        this.socket = socket;
        this.config = config;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** The same CLI with one more environment variable, e.g. {@code DOCKER_API_VERSION}. */
    public DockerCli withEnv(String name, String value) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put(name, value);
        return new DockerCli(socket, config, env);
    }

    /** Runs docker and asserts it exited 0. */
    public Result ok(String... args) {
        return ok(DEFAULT_TIMEOUT, args);
    }

    /** Runs docker with a timeout of its own and asserts it exited 0. */
    public Result ok(Duration timeout, String... args) {
        Result result = run(timeout, args);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    /** Runs docker, asserts it exited 0 and answers its standard output, trimmed. */
    public String out(String... args) {
        return ok(args).stdout().trim();
    }

    public Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs docker; a run that outlives the timeout is killed and reported as an AssertionError. */
    public Result run(Duration timeout, String... args) {
        return run(timeout, Path.of("/dev/null"), args);
    }

    /** Runs docker with {@code stdin} as its standard input ({@code docker import - …}, {@code docker load}). */
    public Result run(Duration timeout, Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_HOST", "unix://" + socket);
        builder.environment().put("DOCKER_CONFIG", config.toString());
        builder.environment().remove("DOCKER_CONTEXT");
        builder.environment().remove("DOCKER_TLS_VERIFY");
        builder.environment().remove("DOCKER_API_VERSION");
        builder.environment().putAll(extraEnv);
        return ProcessRun.run(builder, stdin, config, timeout);
    }
}
