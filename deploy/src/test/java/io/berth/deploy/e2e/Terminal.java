package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docker CLI at a keyboard: script(1) gives it the terminal {@code -t} needs, and what is "typed" is piped
 * into script. Output comes back with the terminal's carriage returns removed.
 */
final class Terminal {
    private final Path socket;

    Terminal(Path socket) {
        this.socket = socket;
    }

    /** {@code docker ARGS} in a terminal that is typed {@code input} (printf escapes); asserts its exit code. */
    String typed(String input, String dockerArgs, int expectedExit) throws Exception {
        return typed(input, dockerArgs, expectedExit, "");
    }

    /** The same, with shell commands run in the terminal first (e.g. {@code stty rows 33 cols 101; }). */
    String typed(String input, String dockerArgs, int expectedExit, String before) throws Exception {
        return shell("printf '" + input + "' | script -qec '" + before + DockerCli.BINARY + " " + dockerArgs
                + "' /dev/null", expectedExit);
    }

    /** A shell pipeline with DOCKER_HOST set; asserts its exit code and returns stdout and stderr merged. */
    String shell(String command, int expectedExit) throws InterruptedException, ExecutionException, IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        Process p = pb.start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // a session that hangs (a stdin that never ends, a size never set) fails instead of holding the build
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        String out = new String(output.get(), StandardCharsets.UTF_8).replace("\r", "");
        assertTrue(done, "did not finish: " + out);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }
}
