package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's docker-compose 1.29 run against a platform's socket, for one project in one directory. */
final class ComposeCli {
    private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");

    /** One call: the command line, its exit code (-1 if it ran past two minutes) and its merged output. */
    record Result(List<String> command, int code, String out) {
        @Override
        public String toString() {
            return String.join(" ", command) + " → exit " + code + "\n" + out;
        }
    }

    private ComposeCli() {
    }

    static Result run(LaunchedPlatform platform, Path dir, String project, String... args) {
        List<String> command = new ArrayList<>(List.of(COMPOSE.toString(), "--ansi", "never", "-p", project));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("compose", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("DOCKER_HOST", "unix://" + platform.socket());
            pb.environment().remove("DOCKER_CONTEXT");
            pb.environment().remove("DOCKER_TLS_VERIFY");
            pb.environment().remove("DOCKER_API_VERSION");
            pb.environment().put("COMPOSE_INTERACTIVE_NO_CLI", "1");
            Process p = pb.start();
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(command, done ? p.exitValue() : -1, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
