package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Containers survive their node agent: on a control plane and a separate agent process, five containers run,
 * the agent is killed with SIGKILL, one container exits during the outage, and a new agent on the same node id
 * and data root adopts them all: ps shows four Up and one {@code Exited (7)}, logs span the outage, stop and
 * rm -f work on adopted containers, and nothing is left on the host.
 */
@E2e(E2e.Layout.SPLIT)
class AgentRestartIT {
    private static final String COUNTER = "i=0; while :; do echo $i; i=$((i+1)); sleep 0.2; done";
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void containersOutliveAKilledAgentAndAreAdoptedByTheNextOne() {
        List<String> counters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            counters.add(made.runDetached("busybox", "sh", "-c", COUNTER));
        }
        String quitter = made.runDetached("busybox", "sh", "-c", "sleep 5; exit 7");
        List<String> all = new ArrayList<>(counters);
        all.add(quitter);
        List<Long> pids = all.stream().map(id -> Long.parseLong(made.inspect(id, "{{.State.Pid}}"))).toList();
        assertEquals(platform.nodeId(), made.inspect(quitter, "{{.Node.Name}}"), "placed on the agent's node");
        Eventually.sleep(Duration.ofSeconds(1));

        Instant killedAt = Instant.now();
        long agentPid = platform.agentPid();
        platform.killAgent();
        assertFalse(HostTraces.processAlive(agentPid), "the agent is gone");
        for (int i = 0; i < all.size(); i++) {
            assertTrue(HostTraces.processAlive(pids.get(i)), "container " + all.get(i) + " (pid " + pids.get(i)
                    + ") outlives SIGKILL of its agent");
        }
        long quitterPid = pids.get(4);
        assertTrue(Eventually.holds(Duration.ofSeconds(15), () -> !HostTraces.processAlive(quitterPid)),
                "the fifth container exits on its own while the agent is down");
        Eventually.sleep(Duration.ofSeconds(1));

        platform.startAgent();
        Instant restartedAt = Instant.now();

        String quitterShort = quitter.substring(0, 12);
        assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> psRow(quitterShort).contains("Exited (7)")),
                "the exit during the outage is reported: " + docker.run("ps", "-a"));
        assertEquals("exited 7", made.inspect(quitter, "{{.State.Status}} {{.State.ExitCode}}"));
        for (int i = 0; i < counters.size(); i++) {
            String row = psRow(counters.get(i).substring(0, 12));
            assertTrue(row.contains("Up "), "still running after the outage: " + row);
            assertEquals("running " + pids.get(i), made.inspect(counters.get(i), "{{.State.Status}} {{.State.Pid}}"));
        }

        Eventually.sleep(Duration.ofSeconds(2));
        String logs = logsSpanTheOutage(counters.get(0), killedAt, restartedAt);

        DockerCli.Result stop = docker.run("stop", "-t", "1", counters.get(0));
        assertTrue(stop.ok(), "an adopted container stops: " + stop);
        String exited = made.inspect(counters.get(0), "{{.State.Status}} {{.State.ExitCode}}");
        assertTrue(exited.equals("exited 137") || exited.equals("exited 143"), exited);
        assertFalse(HostTraces.processAlive(pids.get(0)), "the stopped container's process is gone");
        assertTrue(docker.run("logs", counters.get(0)).stdout().startsWith(logs.substring(0, 20)),
                "the log outlives the stop");

        for (String id : all) {
            DockerCli.Result rm = docker.run("rm", "-f", id);
            assertTrue(rm.ok(), rm.toString());
        }
        all.forEach(made::remove);
        for (int i = 0; i < all.size(); i++) {
            String id = all.get(i);
            assertFalse(HostTraces.processAlive(pids.get(i)), "no process left of " + id);
            assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
            assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
        }
        assertEquals("", docker.run("ps", "-a", "-q").stdout().trim(), "nothing listed any more");
    }

    @Test
    void aNamedVolumesDataSurvivesAKilledAgent() {
        String volume = "restart-data";
        try {
            DockerCli.Result write = docker.run("run", "--rm", "-v", volume + ":/data", "busybox", "sh", "-c",
                    "echo kept > /data/f");
            assertTrue(write.ok(), write.toString());
            platform.killAgent();
            platform.startAgent();
            DockerCli.Result read = docker.run("run", "--rm", "-v", volume + ":/d", "busybox", "cat", "/d/f");
            assertTrue(read.ok(), read.toString());
            assertEquals("kept", read.stdout().strip());
            assertTrue(docker.run("volume", "ls", "-q").stdout().lines().anyMatch(volume::equals));
        } finally {
            DockerCli.Result rm = docker.run("volume", "rm", volume);
            assertTrue(rm.ok(), rm.toString());
        }
    }

    @Test
    void anAdoptedTerminalContainerIsStillAttachable() throws Exception {
        String id = made.runDetached("-it", "busybox", "sh");
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        platform.killAgent();
        assertTrue(HostTraces.processAlive(pid), "the shell outlives its agent");
        platform.startAgent();
        assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> docker.run("logs", id).stdout().contains("/ # ")),
                "the prompt written before the outage is in the log: " + docker.run("logs", id));

        // the monitor kept the pty: the new agent feeds its stdin FIFO and sets the size through the control FIFO
        String out = new Terminal(platform.socket()).typed(
                "until [ \"$(stty size)\" = \"21 77\" ]; do sleep 0.1; done; echo adopted-$((6*7))\\nexit 6\\n",
                "attach " + id, 6, "stty rows 21 cols 77; ");
        assertTrue(out.contains("adopted-42"), out);
        assertEquals("exited 6", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}}"));
        DockerCli.Result rm = docker.run("rm", id);
        assertTrue(rm.ok(), rm.toString());
        made.remove(id);
        assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
        assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
    }

    /** The counter's log, checked to hold lines from before the kill and after the restart, none missing. */
    private static String logsSpanTheOutage(String id, Instant killedAt, Instant restartedAt) {
        DockerCli.Result logs = docker.run("logs", "-t", id);
        assertTrue(logs.ok(), logs.toString());
        List<String> lines = logs.stdout().lines().toList();
        int expected = 0;
        boolean before = false;
        boolean after = false;
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            Instant at = Instant.parse(parts[0]);
            assertEquals(Integer.toString(expected++), parts[1], "the counter's lines are all there, in order");
            before |= at.isBefore(killedAt);
            after |= at.isAfter(restartedAt);
        }
        assertTrue(before && after, "lines before " + killedAt + " and after " + restartedAt + ": " + logs);
        return docker.run("logs", id).stdout();
    }

    private static String psRow(String shortId) {
        DockerCli.Result ps = docker.run("ps", "-a");
        assertTrue(ps.ok(), ps.toString());
        return ps.stdout().lines().filter(l -> l.startsWith(shortId)).findFirst().orElse("");
    }
}
