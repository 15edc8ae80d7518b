package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton, as a user drives it: {@code docker run -d}, {@code ps}, {@code inspect}, {@code stop},
 * {@code start}, {@code rm}, through gateway → Kafka → scheduler → node agent, with real namespaces, cgroups
 * and an overlay root; and what it leaves on the host afterwards (nothing).
 */
@E2e
class LifecycleIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void runPsInspectStopStartRm() {
        String id = made.runDetached("busybox", "sleep", "100");
        String shortId = id.substring(0, 12);

        DockerCli.Result ps = docker.run("ps");
        assertTrue(ps.ok(), ps.toString());
        String row = ps.stdout().lines().filter(l -> l.startsWith(shortId)).findFirst()
                .orElseThrow(() -> new AssertionError("docker ps lists " + shortId + ": " + ps));
        assertTrue(row.contains("Up "), row);
        assertTrue(row.contains("\"sleep 100\""), row);

        assertEquals("running true", made.inspect(id, "{{.State.Status}} {{.State.Running}}"));
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertTrue(HostTraces.processAlive(pid), "pid " + pid + " runs on the host");
        assertEquals(Platform.get().nodeId(), made.inspect(id, "{{.Node.Name}}"), "inspect names the node");

        // Inside: its own pid namespace with the command as PID 1, its own hostname, only lo, only the image.
        String procs = HostTraces.inside(pid, "ps", "-o", "pid,args");
        List<String> rows = procs.lines().skip(1).map(String::trim).toList();
        assertTrue(rows.contains("1 sleep 100"), procs);
        assertEquals(2, rows.size(), "only sleep and ps itself: " + procs);
        assertEquals(shortId, HostTraces.inside(pid, "hostname").trim());
        String links = HostTraces.inside(pid, "ip", "-o", "link");
        assertEquals(1, links.lines().count(), links);
        assertTrue(links.contains(": lo:"), links);
        String root = HostTraces.inside(pid, "ls", "/");
        assertFalse(root.contains("work") || root.contains("lib64") || root.contains("boot"),
                "host files are not visible: " + root);
        assertTrue(root.contains("bin") && root.contains("proc"), root);
        assertFalse(HostTraces.mounts(id).isEmpty(), "a running container has its overlay root mounted");
        assertFalse(HostTraces.cgroups(id).isEmpty(), "a running container has its own cgroup");

        // sleep as PID 1 has no SIGTERM handler, so stop waits out -t 2 and then kills.
        long t0 = System.nanoTime();
        DockerCli.Result stop = docker.run("stop", "-t", "2", shortId);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(stop.ok(), stop.toString());
        assertTrue(seconds >= 1.9 && seconds < 6, "stop -t 2 took " + seconds + " s");
        assertEquals("exited 137", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}}"));
        assertFalse(HostTraces.processAlive(pid), "the process is gone after stop");
        assertTrue(HostTraces.mounts(id).isEmpty(), "a stopped container holds no mount: " + HostTraces.mounts(id));
        assertTrue(HostTraces.cgroups(id).isEmpty(), "a stopped container holds no cgroup");

        DockerCli.Result start = docker.run("start", id);
        assertTrue(start.ok(), start.toString());
        assertEquals("running", made.inspect(id, "{{.State.Status}}"));
        long pid2 = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertNotEquals(pid, pid2);
        assertTrue(HostTraces.processAlive(pid2));

        DockerCli.Result rmRunning = docker.run("rm", id);
        assertEquals(1, rmRunning.exitCode(), rmRunning.toString());
        assertTrue(rmRunning.stderr().contains("container is running"), rmRunning.toString());

        DockerCli.Result rm = docker.run("rm", "-f", id);
        assertTrue(rm.ok(), rm.toString());
        made.remove(id);
        assertFalse(HostTraces.processAlive(pid2), "rm -f kills the process");
        assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
        assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
        DockerCli.Result gone = docker.run("inspect", id);
        assertEquals(1, gone.exitCode(), gone.toString());
        assertFalse(docker.run("ps", "-a", "-q", "--no-trunc").stdout().contains(id));
    }

    @Test
    void exitCodeOfAShortCommandIsReported() {
        String id = made.runDetached("busybox", "sh", "-c", "exit 3");
        DockerCli.Result wait = docker.run(Duration.ofSeconds(30), "wait", id);
        assertTrue(wait.ok(), wait.toString());
        assertEquals("3", wait.stdout().trim());
        assertEquals("exited 3", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}}"));
        DockerCli.Result psa = docker.run("ps", "-a", "--filter", "id=" + id);
        assertTrue(psa.stdout().contains("Exited (3)"), psa.toString());
        assertTrue(docker.run("rm", id).ok());
        made.remove(id);
    }

    @Test
    void stopOfAStoppedContainerAndStartOfARunningOneSucceedQuietly() {
        String id = made.runDetached("busybox", "sleep", "100");
        DockerCli.Result again = docker.run("start", id);
        assertTrue(again.ok(), "304 counts as success: " + again);
        assertTrue(docker.run("stop", "-t", "0", id).ok());
        DockerCli.Result stopAgain = docker.run("stop", id);
        assertTrue(stopAgain.ok(), stopAgain.toString());
    }
}
