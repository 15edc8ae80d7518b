package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated host reboot (SIGKILL of the agent, of every monitor and of every container process), longer than the
 * node grace as a real one is, so the scheduler marks the node down and its containers lost first: the agent
 * started again brings back {@code always} and {@code unless-stopped} containers, once each (the new process
 * stays, with {@code RestartCount} 0 as after dockerd's own start), leaves one the user stopped stopped, and
 * reports {@code no} and {@code on-failure} ones Exited (255) with the reason; a user's {@code docker start} keeps
 * the count at 0.
 */
@E2e(E2e.Layout.SPLIT)
class RebootIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void aRebootRestartsWhatDockerdRestartsAtItsStart() {
        String always = run("--restart", "always");
        String unless = run("--restart", "unless-stopped");
        String stoppedByUser = run("--restart", "unless-stopped");
        String none = run("--restart", "no");
        String onFailure = run("--restart", "on-failure");
        docker.ok("stop", "-t", "1", stoppedByUser);
        long alwaysPid = pid(always);
        long unlessPid = pid(unless);

        platform.rebootNode();
        assertTrue(Eventually.holds(Duration.ofSeconds(10),
                () -> !HostTraces.processAlive(alwaysPid) && !HostTraces.processAlive(unlessPid)), "the reboot took them");
        // a reboot outlasts the node grace (10 s): the scheduler marks the node down and its containers lost
        assertTrue(Eventually.holds(Duration.ofSeconds(40),
                () -> made.inspect(always, "{{.State.Status}} {{.State.ExitCode}}").equals("exited 255")),
                "the node is marked down while it reboots: " + made.inspect(always, "{{.State.Status}} {{.State.Error}}"));
        long t0 = System.nanoTime();
        platform.startAgent();

        for (String id : List.of(always, unless)) {
            assertTrue(Eventually.holds(Duration.ofSeconds(30),
                    () -> made.inspect(id, "{{.State.Status}}").equals("running")),
                    id + " runs again after the reboot: " + docker.run("ps", "-a"));
        }
        System.out.printf("reboot: always/unless-stopped running again %d ms after the agent start began%n",
                (System.nanoTime() - t0) / 1_000_000);
        for (String id : List.of(always, unless)) {
            long restarted = pid(id);
            assertNotEquals(id.equals(always) ? alwaysPid : unlessPid, restarted, "a new process");
            assertTrue(HostTraces.processAlive(restarted), id + ": the restarted process " + restarted + " lives");
        }
        Eventually.sleep(Duration.ofSeconds(5));
        for (String id : List.of(always, unless)) {
            long restarted = pid(id);
            assertEquals("running", made.inspect(id, "{{.State.Status}}"));
            assertTrue(HostTraces.processAlive(restarted), "still the same live process 5 s later: " + restarted);
            // dockerd's start at boot resets the restart manager: RestartCount 0
            assertEquals("0", made.inspect(id, "{{.RestartCount}}"), "started once, as dockerd at its start");
        }
        for (String id : List.of(none, onFailure)) {
            assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> made.inspect(id,
                    "{{.State.Status}} {{.State.ExitCode}}").equals("exited 255")),
                    id + " is reported exited: " + made.inspect(id, "{{.State.Status}}"));
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> made.inspect(id, "{{.State.Error}}").contains("monitor is gone")),
                    "the reason is given: " + made.inspect(id, "{{.State.Error}}"));
        }
        assertEquals("exited", made.inspect(none, "{{.State.Status}}"), "restart no: stays exited");
        assertEquals("exited", made.inspect(onFailure, "{{.State.Status}}"), "on-failure: not restarted at boot");
        assertEquals("exited", made.inspect(stoppedByUser, "{{.State.Status}}"), "the user's stop holds");

        // a user's start resets the count, as dockerd's does
        docker.ok("stop", "-t", "1", always);
        docker.ok("start", always);
        assertEquals("0", made.inspect(always, "{{.RestartCount}}"));

        for (String id : List.of(always, unless, stoppedByUser, none, onFailure)) {
            docker.ok("rm", "-f", id);
            made.remove(id);
            assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
            assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
        }
    }

    private static String run(String... flags) {
        List<String> argv = new java.util.ArrayList<>(List.of(flags));
        argv.addAll(List.of("busybox", "sleep", "1000"));
        return made.runDetached(argv.toArray(String[]::new));
    }

    private static long pid(String id) {
        return Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
    }
}
