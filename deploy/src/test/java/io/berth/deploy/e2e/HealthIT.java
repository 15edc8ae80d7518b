package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Healthchecks through the docker CLI: {@code --health-*} run by the node agent on schedule, read back in
 * {@code ps} (status suffix and {@code --filter health=}), inspect's {@code State.Health} and
 * {@code health_status} events; a paused container is not probed and leaves no probe behind; the Berth label
 * {@code berth.restart-on-unhealthy} with a restart policy replaces a container that turns unhealthy.
 */
@E2e
class HealthIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static void await(String what, Duration within, BooleanSupplier condition) {
        assertTrue(Eventually.holds(within, condition), "not within " + within + ": " + what);
    }

    private static String status(String id) {
        return docker.out("ps", "-a", "--filter", "id=" + id, "--format", "{{.Status}}");
    }

    @Test
    void healthyThenUnhealthyInPsInspectAndEvents() throws InterruptedException {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        String id = made.runDetached("--health-cmd", "cat /tmp/ok", "--health-interval", "1s",
                "--health-retries", "2", "--health-timeout", "3s", "busybox", "sh", "-c", "echo up > /tmp/ok; sleep 300");
        // the default interval (30 s) keeps this one starting for the whole test
        String slow = made.runDetached("--health-cmd", "true", "busybox", "sleep", "300");
        assertTrue(status(slow).endsWith("(health: starting)"), status(slow));
        assertEquals("starting 0", made.inspect(slow, "{{.State.Health.Status}} {{.State.Health.FailingStreak}}"));
        assertEquals(slow.substring(0, 12), docker.out("ps", "-q", "--filter", "health=starting", "--filter", "id=" + slow));

        await("healthy", Duration.ofSeconds(15), () -> status(id).endsWith("(healthy)"));
        assertEquals("healthy", made.inspect(id, "{{.State.Health.Status}}"));
        assertEquals("0 up", made.inspect(id, "{{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}"));
        assertEquals(id.substring(0, 12), docker.out("ps", "-q", "--filter", "health=healthy", "--filter", "id=" + id));
        assertEquals("", docker.out("ps", "-q", "--filter", "health=unhealthy", "--filter", "id=" + id));

        docker.out("exec", id, "rm", "/tmp/ok");
        await("unhealthy", Duration.ofSeconds(15), () -> status(id).endsWith("(unhealthy)"));
        String streak = made.inspect(id, "{{.State.Health.FailingStreak}}");
        assertTrue(Integer.parseInt(streak) >= 2, streak);
        Thread.sleep(6000);
        int logged = Integer.parseInt(made.inspect(id, "{{len .State.Health.Log}}"));
        assertEquals(5, logged, "only the last five results are kept");
        assertTrue(made.inspect(id, "{{(index .State.Health.Log 4).Output}}").contains("No such file"),
                "the failing probe's stderr is logged");
        assertEquals(id.substring(0, 12), docker.out("ps", "-q", "--filter", "health=unhealthy", "--filter", "id=" + id));

        String events = docker.out("events", "--since", since, "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=" + id, "--filter", "event=health_status", "--format", "{{.Action}}");
        assertEquals(List.of("health_status: healthy", "health_status: unhealthy"), events.lines().toList(), events);
        DockerCli.Result bad = docker.run("ps", "--filter", "health=sickly");
        assertFalse(bad.ok(), bad.toString());
        assertTrue(bad.stderr().contains("health: sickly"), bad.toString());
    }

    @Test
    void aTimeoutCountsAsFailureAndNoHealthcheckMeansNone() throws InterruptedException {
        String slow = made.runDetached("--health-cmd", "sleep 10", "--health-interval", "1s", "--health-timeout",
                "1s", "--health-retries", "1", "busybox", "sleep", "300");
        await("unhealthy by timeout", Duration.ofSeconds(15), () -> status(slow).endsWith("(unhealthy)"));
        assertTrue(made.inspect(slow, "{{(index .State.Health.Log 0).Output}} {{(index .State.Health.Log 0).ExitCode}}")
                .startsWith("Health check exceeded timeout (1s) -1"));

        String none = made.runDetached("--no-healthcheck", "busybox", "sleep", "300");
        assertEquals("<nil>", made.inspect(none, "{{.State.Health}}"));
        assertEquals(none.substring(0, 12), docker.out("ps", "-q", "--filter", "health=none", "--filter", "id=" + none));
        DockerCli.Result tooShort = docker.run("run", "-d", "--health-cmd", "true", "--health-interval", "1us",
                "busybox", "true");
        assertFalse(tooShort.ok(), tooShort.toString());
    }

    @Test
    void aPausedContainerIsNotProbedAndLeavesNoProbeBehind() throws InterruptedException {
        String id = made.runDetached("--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "300");
        await("healthy", Duration.ofSeconds(15), () -> status(id).endsWith("(healthy)"));
        docker.out("pause", id);
        Thread.sleep(1500);
        String before = made.inspect(id, "{{len .State.Health.Log}} {{(index .State.Health.Log 0).Start}}");
        Thread.sleep(4000);
        assertEquals(before, made.inspect(id, "{{len .State.Health.Log}} {{(index .State.Health.Log 0).Start}}"),
                "no probe ran while paused");
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertTrue(probesOf(pid) <= 1, "at most the probe caught by the pause waits on the frozen container");
        docker.out("unpause", id);
        await("the probe caught by the pause ends after unpause", Duration.ofSeconds(10), () -> probesOf(pid) == 0);
        String paused = before;
        await("probed again", Duration.ofSeconds(10), () -> !made.inspect(id,
                "{{len .State.Health.Log}} {{(index .State.Health.Log 0).Start}}").equals(paused));
        Thread.sleep(1500);
        assertEquals("healthy", made.inspect(id, "{{.State.Health.Status}}"));
        docker.out("rm", "-f", id);
        made.remove(id);
        Thread.sleep(500);
        assertEquals(0, probesOf(pid), "no probe outlives its container");
    }

    @Test
    void theRestartOnUnhealthyLabelReplacesTheContainer() throws InterruptedException {
        String id = made.runDetached("--restart", "always", "-l", "berth.restart-on-unhealthy=true",
                "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1", "busybox", "sleep", "300");
        await("restarted once unhealthy", Duration.ofSeconds(30),
                () -> Integer.parseInt(made.inspect(id, "{{.RestartCount}}")) >= 1);
        String plain = made.runDetached("--restart", "always", "--health-cmd", "false", "--health-interval", "1s",
                "--health-retries", "1", "busybox", "sleep", "300");
        await("unhealthy", Duration.ofSeconds(15), () -> status(plain).endsWith("(unhealthy)"));
        Thread.sleep(3000);
        assertEquals("0", made.inspect(plain, "{{.RestartCount}}"), "without the label an unhealthy container stays");
    }

    /** berth-exec processes joined to the container whose init has host pid {@code pid}. */
    private static long probesOf(long pid) {
        String needle = "--pid\0" + pid + "\0";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(needle);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
