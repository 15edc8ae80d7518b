package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tiny static C program for a test to run inside a busybox container (bound in read-only): busybox has no
 * tool for the raw syscalls a confinement test makes. Built on the host with gcc -static, with no network.
 */
final class StaticProbe {
    /** Where the probes kept as files live (run from the deploy module, as failsafe does). */
    static final Path SOURCES = Path.of("src/test/c");

    private StaticProbe() {
    }

    /** Compiles {@code source} (C text) to {@code dir/name}; fails the test with gcc's words. */
    static Path build(Path dir, String name, String source) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".c");
        Files.writeString(file, source);
        return compile(file, dir.resolve(name));
    }

    /** Compiles {@code src/test/c/<name>.c} to {@code dir/name}. */
    static Path build(Path dir, String name) throws IOException, InterruptedException {
        return compile(SOURCES.resolve(name + ".c").toAbsolutePath(), dir.resolve(name));
    }

    private static Path compile(Path source, Path binary) throws IOException, InterruptedException {
        Process gcc = new ProcessBuilder("gcc", "-static", "-O1", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), "gcc " + source + ": " + out);
        return binary;
    }
}
