package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code skopeo} (Debian's package), a registry client independent of Docker's. */
final class Skopeo {
    static final Path BINARY = Path.of("/usr/bin/skopeo");
    private final Path scratch;

    /** @param scratch a directory for its output files */
    Skopeo(Path scratch) {
        this.scratch = scratch;
    }

    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install skopeo (.ci/run and ./berth test do)");
        }
    }

    /** Runs skopeo with a permissive trust policy (the test pushes unsigned images to its own registry). */
    DockerCli.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(scratch, "skopeo-out", ".txt");
            Path err = Files.createTempFile(scratch, "skopeo-err", ".txt");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            DockerCli.Result result = new DockerCli.Result(command, finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            if (!finished) {
                throw new AssertionError("skopeo did not finish within 5 minutes: " + result);
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
