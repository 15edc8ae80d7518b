package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker events} replays a container's life from Kafka, filtered as the user asks. */
@E2e
class EventsIT {
    private static DockerCli docker;

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
}
