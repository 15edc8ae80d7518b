package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Testcontainers for Java against Berth (the name must not start with "Test": surefire would take it for a unit test
 * and run it before the jar exists): GenericContainer start, log wait, execInContainer, logs, stop. */
@E2e
class JavaTestcontainersIT {

    @Test
    void genericContainerLifecycle() throws Exception {
        Path socket = Platform.get().socket();
        Path home = Files.createTempDirectory("berth-tc-home");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.berth.deploy.e2e.tc.GenericContainerProbe")
                .redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        pb.environment().put("TESTCONTAINERS_CHECKS_DISABLE", "true");
        // this machine has /.dockerenv, so Testcontainers would look the host up in the "bridge" network,
        // which Berth does not have yet; its documented override names the host instead
        pb.environment().put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
        // its own home: no ~/.testcontainers.properties of the machine's user is read or written
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "Testcontainers timed out: " + out);
        } finally {
            p.destroyForcibly();
            try (var tree = Files.walk(home)) {
                for (Path f : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("testcontainers: ok"), out);
    }
}
