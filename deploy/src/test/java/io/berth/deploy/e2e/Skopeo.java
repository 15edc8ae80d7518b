package io.berth.deploy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        return ProcessRun.run(new ProcessBuilder(command), Path.of("/dev/null"), scratch, Duration.ofMinutes(5));
    }
}
