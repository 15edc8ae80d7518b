package io.berth.deploy.e2e;

import io.berth.deploy.platform.DataRootLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged launcher's own behaviour as a process: usage errors and a data root already in use. */
class LauncherProcessIT {
    @TempDir
    Path dir;

    record Outcome(int status, String output) {
    }

    @Test
    void aBadFlagExitsWithStatus2AndSaysWhich() throws Exception {
        Outcome outcome = launch("--kafka-port", "banana");
        assertEquals(2, outcome.status(), outcome.output());
        assertTrue(outcome.output().contains("--kafka-port"), outcome.output());
    }

    @Test
    void helpListsTheFlags() throws Exception {
        Outcome outcome = launch("--help");
        assertEquals(0, outcome.status(), outcome.output());
        assertTrue(outcome.output().contains("--data-root"), outcome.output());
    }

    @Test
    void aSecondLauncherOnTheSameDataRootRefusesToStart() throws Exception {
        Path data = dir.resolve("data");
        try (DataRootLock held = DataRootLock.acquire(data.resolve("berth.lock"))) {
            Outcome outcome = launch("--data-root", data.toString(), "--socket", dir.resolve("s.sock").toString());
            assertEquals(1, outcome.status(), outcome.output());
            assertTrue(outcome.output().contains("in use by another Berth launcher"), outcome.output());
        }
    }

    @Test
    void aNonLoopbackTcpAddressWithoutTlsRefusesToStart() throws Exception {
        Outcome outcome = launch("--data-root", dir.resolve("data").toString(), "--socket",
                dir.resolve("s.sock").toString(), "--tcp", "0.0.0.0:2375");
        assertEquals(2, outcome.status(), outcome.output());
        assertTrue(outcome.output().contains("--tcp 0.0.0.0:2375 is not a loopback address"), outcome.output());
        assertTrue(outcome.output().contains("--tlsverify --tlscacert"), outcome.output());
        assertTrue(!Files.exists(dir.resolve("data")), "nothing was started: no data root made");
    }

    @Test
    void tlsFlagsWithoutVerifyAreRefused() throws Exception {
        Outcome outcome = launch("--data-root", dir.resolve("data").toString(), "--tcp", "127.0.0.1:2375",
                "--tlscert", "/nonexistent.pem");
        assertEquals(2, outcome.status(), outcome.output());
        assertTrue(outcome.output().contains("need --tlsverify"), outcome.output());
    }

    private Outcome launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("berth.jar", "target/berth.jar")));
        command.addAll(List.of(args));
        Path output = dir.resolve("launcher.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Flags.clearBerthEnvironment(builder.environment());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the launcher did not exit within 60 s: " + Files.readString(output));
        }
        return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
