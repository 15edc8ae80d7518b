package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a client binary (docker, skopeo) with stdout and stderr in files under a scratch directory (pipes
 * could fill and stall it); a run past its timeout is killed and fails the test as a hang.
 */
final class ProcessRun {

    private ProcessRun() {
    }

    /** Runs {@code builder}'s command with {@code stdin}; the builder carries the caller's environment. */
    static DockerCli.Result run(ProcessBuilder builder, Path stdin, Path scratch, Duration timeout) {
        List<String> command = builder.command();
        try {
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile())).start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            DockerCli.Result result = new DockerCli.Result(command, finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            if (!finished) {
                throw new AssertionError("did not finish within " + timeout.toSeconds() + " s: " + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
