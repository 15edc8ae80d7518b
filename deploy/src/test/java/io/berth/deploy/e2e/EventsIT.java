package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker events} replays a container's life from Kafka, filtered as the user asks; a client that goes away
 * mid-stream ends the gateway's reader (its thread and Kafka consumer).
 */
@E2e
class EventsIT {
    /** The gateway's reader thread per {@code GET /events}, as /proc names it. */
    private static final String READER = "berth-ev-reader";
    private static DockerCli docker;
    private static Platform platform;

    @Test
    void sinceAndUntilReplayALifeInOrder() {
        long since = System.currentTimeMillis() / 1000 - 1;
        DockerCli.Result run = docker.run("run", "-d", "--name", "ev-life", "-l", "suite=events", "busybox", "sh", "-c",
                "exit 2");
        assertTrue(run.ok(), run.toString());
        String id = run.stdout().trim();
        assertEquals("2", docker.run("wait", id).stdout().trim());
        assertTrue(docker.run("rm", id).ok());
        long until = System.currentTimeMillis() / 1000 + 1;

        DockerCli.Result events = docker.run(Duration.ofSeconds(30), "events", "--since", Long.toString(since),
                "--until", Long.toString(until), "--filter", "container=" + id,
                "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{index .Actor.Attributes \"exitCode\"}}");
        assertTrue(events.ok(), events.toString());
        List<String> lines = events.stdout().lines().toList();
        assertEquals(List.of("container create " + id + " ", "container start " + id + " ",
                "container die " + id + " 2", "container destroy " + id + " "), lines, events.toString());

        DockerCli.Result dies = docker.run(Duration.ofSeconds(30), "events", "--since", Long.toString(since),
                "--until", Long.toString(until), "--filter", "event=die", "--filter", "label=suite=events",
                "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        assertTrue(dies.ok(), dies.toString());
        assertTrue(dies.stdout().lines().allMatch(l -> l.startsWith("die ")), dies.toString());
    }

    @Test
    void aClientKilledMidStreamEndsTheGatewaysReader() throws Exception {
        // the other test's reader has ended once its response did; none other runs meanwhile
        Eventually.holds(Duration.ofSeconds(5), () -> readers() == 0);
        long before = readers();
        // everything since the epoch, then live: the reader is still at work when the CLI is killed
        ProcessBuilder pb = new ProcessBuilder(DockerCli.BINARY.toString(), "events", "--since", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOCKER_HOST", "unix://" + platform.socket());
        Process cli = pb.start();
        try {
            assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> readers() == before + 1),
                    "the gateway started a reader for the request");
            Eventually.sleep(Duration.ofMillis(300));
        } finally {
            cli.destroyForcibly().waitFor();
        }
        assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> readers() == before),
                "the reader thread is gone once its client is: " + readers() + " left, " + before + " before");
    }

    private static long readers() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(platform.pid()), "task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).trim().equals(READER);
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError("cannot list the platform's threads", e);
        }
    }
}
