package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image store SIGKILLed in the middle of moving an image: on a {@link SplitPlatform} whose image store is a
 * process of its own ({@code --role registry}), an image with one {@value #LAYER_MB} MB random layer is imported,
 * then (1) {@code docker pull} of it has the image store killed once the CLI shows the layer being pulled, and (2)
 * {@code docker create} of it (answered once placed) has the image store killed while the node agent downloads the
 * layer (its partial file in {@code blobs/tmp}). Each ends cleanly within a bounded time — the pull exits non-zero
 * with a message naming the failure or completes; the agent gives up with the layer named in the container's
 * error, or completes; the image store started again, the retry completes; no partial download, upload or
 * layer directory is left on the agent or in the store.
 */
class ImageStoreLossIT {
    private static final int LAYER_MB = 96;
    private static final String IMAGE = "berth-e2e/big:1";
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static Path scratch;

    @BeforeAll
    static void start() throws IOException {
        RootRequirement.check();
        platform = SplitPlatform.startWithOwnRegistry();
        docker = platform.docker();
        scratch = Files.createDirectories(platform.root().resolve("big"));
        Path content = Files.createDirectories(scratch.resolve("content"));
        HostTraces.exec(List.of("sh", "-c", "head -c " + LAYER_MB + "M /dev/urandom > " + content.resolve("blob")));
        HostTraces.exec(List.of("tar", "-C", content.toString(), "-cf", scratch.resolve("big.tar").toString(),
                "blob"));
        long t0 = System.nanoTime();
        docker.ok(Duration.ofSeconds(300), "import", scratch.resolve("big.tar").toString(), IMAGE);
        System.out.printf("berth store loss: imported a %d MB random layer in %.1f s%n", LAYER_MB,
                (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (platform == null) {
            return;
        }
        try {
            docker.run("rm", "-f", "store-loss-create");
            docker.run(Duration.ofSeconds(120), "rmi", "-f", IMAGE);
        } finally {
            platform.close();
        }
    }

    @Test
    void aPullWhoseImageStoreIsKilledEndsCleanlyAndARetryCompletes() throws Exception {
        Path out = scratch.resolve("pull.out");
        Process pull = cli(out, "pull", IMAGE);
        long t0 = System.nanoTime();
        // without a terminal the CLI prints no progress bars: the layer's first line is "Pulling fs layer"
        boolean midway = Eventually.holds(Duration.ofSeconds(60), () -> !pull.isAlive() || read(out)
                .contains("Pulling fs layer"));
        boolean killedMidPull = midway && pull.isAlive();
        long pid = platform.registryPid();
        platform.killRegistry();
        assertTrue(pull.waitFor(90, TimeUnit.SECONDS), "the pull ends within 90 s of the kill: " + read(out));
        int exit = pull.exitValue();
        String said = read(out);
        System.out.printf("berth store loss: image store pid %d SIGKILLed %s after %.1f s; docker pull exit %d: %s%n",
                pid, killedMidPull ? "mid-pull" : "after the pull", (System.nanoTime() - t0) / 1e9, exit,
                said.lines().reduce((a, b) -> b).orElse(""));
        platform.startRegistry(); // first, so the next test has an image store whatever this one asserts
        if (exit != 0) {
            assertTrue(said.contains("from the image store failed"), "a failed pull says why: " + said);
        } else {
            assertTrue(said.contains("Digest: sha256:"), "a pull that exits 0 completed: " + said);
        }

        DockerCli.Result retry = docker.run(Duration.ofSeconds(180), "pull", IMAGE);
        assertTrue(retry.ok(), "the retry completes: " + retry);
        assertTrue(retry.stdout().contains("Digest: sha256:"), retry.toString());
        assertEquals(List.of(), entries(platform.registryData().resolve("images").resolve("uploads")),
                "no upload left in the image store");
    }

    @Test
    void aLayerDownloadWhoseImageStoreIsKilledLeavesNothingPartialOnTheAgent() throws Exception {
        Path tmp = platform.agentNodeDir().resolve("blobs").resolve("tmp");
        Path layers = platform.agentNodeDir().resolve("layers").resolve("sha256");
        List<String> layersBefore = entries(layers);
        String name = "store-loss-create";
        // answered once placed (201); the node's agent then downloads the layer into blobs/tmp and unpacks it
        docker.ok(Duration.ofSeconds(60), "create", "--name", name, IMAGE, "/blob");
        assertTrue(Eventually.holds(Duration.ofSeconds(60),
                () -> !entries(tmp).isEmpty() || entries(layers).size() > layersBefore.size()),
                "the agent starts downloading the layer");
        boolean midDownload = !entries(tmp).isEmpty();
        long pid = platform.registryPid();
        long t0 = System.nanoTime();
        platform.killRegistry();
        // it ends: the layer is there, or the agent gave up and says why on the container
        assertTrue(Eventually.holds(Duration.ofSeconds(90),
                () -> entries(layers).size() > layersBefore.size() || !error(name).isEmpty()),
                "the agent's download ends within 90 s of the kill: tmp " + entries(tmp) + ", layers "
                        + entries(layers));
        boolean completed = entries(layers).size() > layersBefore.size();
        System.out.printf("berth store loss: image store pid %d SIGKILLed %s; the agent's download %s after %.1f s%s%n",
                pid, midDownload ? "mid-download on the agent" : "after the download", completed ? "completed"
                        : "failed", (System.nanoTime() - t0) / 1e9, completed ? "" : ": " + error(name));
        assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> entries(tmp).isEmpty()),
                "no partial download left in blobs/tmp: " + entries(tmp));
        if (!completed) {
            assertEquals(layersBefore, entries(layers), "no partial (staging) layer directory on the agent");
            assertTrue(error(name).contains("layer sha256:") && !error(name).endsWith("null"),
                    "the error names the layer and what went wrong: " + error(name));
        }

        platform.startRegistry();
        docker.ok("rm", "-f", name);
        docker.ok(Duration.ofSeconds(60), "create", "--name", name, IMAGE, "/blob");
        assertTrue(Eventually.holds(Duration.ofSeconds(180),
                () -> entries(layers).size() == layersBefore.size() + 1 && entries(tmp).isEmpty()),
                "the retry unpacks the layer once: " + entries(layers) + ", tmp " + entries(tmp));
        assertEquals("", error(name), "the retried create has no error");
        docker.ok("rm", "-f", name);
    }

    private static String error(String container) {
        DockerCli.Result r = docker.run("inspect", "-f", "{{.State.Error}}", container);
        return r.ok() ? r.stdout().strip() : "(inspect failed: " + r.stderr().strip() + ")";
    }

    // the docker CLI against the platform, its stdout and stderr into one file read while it runs
    private static Process cli(Path out, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(DockerCli.BINARY.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DOCKER_HOST", "unix://" + platform.socket());
        builder.environment().put("DOCKER_CONFIG", platform.root().resolve("docker-config").toString());
        builder.environment().remove("DOCKER_CONTEXT");
        builder.environment().remove("DOCKER_API_VERSION");
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> entries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("(cannot list " + dir + ": " + e + ")");
        }
    }
}
