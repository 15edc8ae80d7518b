package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated host reboot (SIGKILL of the agent, of every monitor and of every container process): the agent
 * started again brings back {@code always} and {@code unless-stopped} containers, leaves one the user stopped
 * stopped, and reports {@code no} and {@code on-failure} ones Exited (255) with the reason, as dockerd does at
 * its start; {@code RestartCount} counts the restart and a user's {@code docker start} resets it.
 */
class RebootIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static final List<String> made = new ArrayList<>();

    @BeforeAll
    static void start() {
        RootRequirement.check();
        platform = SplitPlatform.start();
        docker = platform.docker();
    }

    @AfterAll
    static void stop() {
        if (platform == null) {
            return;
        }
        try {
            for (String id : made) {
                docker.run("rm", "-f", id);
            }
        } finally {
            platform.close();
        }
    }

    @Test
    void aRebootRestartsWhatDockerdRestartsAtItsStart() {
        String always = run("--restart", "always");
        String unless = run("--restart", "unless-stopped");
        String stoppedByUser = run("--restart", "unless-stopped");
        String none = run("--restart", "no");
        String onFailure = run("--restart", "on-failure");
        DockerCli.Result stop = docker.run("stop", "-t", "1", stoppedByUser);
        assertTrue(stop.ok(), stop.toString());
        long alwaysPid = pid(always);
        long unlessPid = pid(unless);

        platform.rebootNode();
        assertTrue(eventually(Duration.ofSeconds(10),
                () -> !HostTraces.processAlive(alwaysPid) && !HostTraces.processAlive(unlessPid)), "the reboot took them");
        long t0 = System.nanoTime();
        platform.startAgent();

        for (String id : List.of(always, unless)) {
            assertTrue(eventually(Duration.ofSeconds(30), () -> inspect(id, "{{.State.Status}}").equals("running")),
                    id + " runs again after the reboot: " + docker.run("ps", "-a"));
        }
        System.out.printf("reboot: always/unless-stopped running again %d ms after the agent start began%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertNotEquals(alwaysPid, pid(always));
        assertTrue(HostTraces.processAlive(pid(always)), "a new process");
        for (String id : List.of(none, onFailure)) {
            assertTrue(eventually(Duration.ofSeconds(30), () -> inspect(id, "{{.State.Status}} {{.State.ExitCode}}")
                    .equals("exited 255")), id + " is reported exited: " + inspect(id, "{{.State.Status}}"));
            assertTrue(inspect(id, "{{.State.Error}}").contains("monitor is gone"),
                    "the reason is given: " + inspect(id, "{{.State.Error}}"));
        }
        sleep(Duration.ofSeconds(3));
        assertEquals("exited", inspect(none, "{{.State.Status}}"), "restart no: stays exited");
        assertEquals("exited", inspect(onFailure, "{{.State.Status}}"), "on-failure: not restarted at boot");
        assertEquals("exited", inspect(stoppedByUser, "{{.State.Status}}"), "the user's stop holds");

        // a user's start resets the count, as dockerd's does
        assertTrue(docker.run("stop", "-t", "1", always).ok());
        DockerCli.Result start = docker.run("start", always);
        assertTrue(start.ok(), start.toString());
        assertEquals("0", inspect(always, "{{.RestartCount}}"));

        for (String id : List.copyOf(made)) {
            DockerCli.Result rm = docker.run("rm", "-f", id);
            assertTrue(rm.ok(), rm.toString());
            assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
            assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
            made.remove(id);
        }
    }

    private static String run(String... flags) {
        List<String> argv = new ArrayList<>(List.of("run", "-d"));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("busybox", "sleep", "1000"));
        DockerCli.Result run = docker.run(argv.toArray(String[]::new));
        assertTrue(run.ok(), run.toString());
        String id = run.stdout().trim();
        made.add(id);
        return id;
    }

    private static long pid(String id) {
        return Long.parseLong(inspect(id, "{{.State.Pid}}"));
    }

    private static String inspect(String id, String template) {
        DockerCli.Result r = docker.run("inspect", "-f", template, id);
        assertTrue(r.ok(), r.toString());
        return r.stdout().trim();
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(Duration.ofMillis(250));
        }
        return condition.getAsBoolean();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
