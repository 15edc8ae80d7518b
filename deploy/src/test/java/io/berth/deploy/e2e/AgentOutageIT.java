package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent waits out an outage of Kafka and Hazelcast longer than any client timeout (the control plane frozen
 * for 130 s: past the Hazelcast client's 60 s heartbeat and 60 s reconnect limit, and Kafka's 2 min delivery timeout) without a restart: a container that exited during the outage is reported afterwards with its code
 * (the fact kept, not dropped), and the same agent process takes new containers.
 */
@E2e(E2e.Layout.SPLIT)
class AgentOutageIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void theAgentReconnectsByItselfAndSendsWhatItKept() {
        long agentPid = platform.agentPid();
        String quitter = run("sh", "-c", "sleep 20; exit 9");
        platform.freezeControl(Duration.ofSeconds(130));
        assertEquals(agentPid, platform.agentPid());
        assertTrue(HostTraces.processAlive(agentPid), "the agent lived through the outage");

        assertTrue(Eventually.holds(Duration.ofSeconds(60), () -> "exited 9".equals(inspect(quitter,
                "{{.State.Status}} {{.State.ExitCode}}"))), "the exit during the outage is reported afterwards: "
                + inspect(quitter, "{{.State.Status}} {{.State.ExitCode}}"));
        // Its exit can come back over Kafka a few seconds before its heartbeat does over Hazelcast (the client
        // reconnects with a backoff): until then a run is refused at once and says why, it never hangs.
        List<String> refusals = new ArrayList<>();
        String fresh = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fresh == null && System.nanoTime() < deadline) {
            DockerCli.Result r = docker.run("run", "-d", "busybox", "sleep", "1000");
            if (r.ok()) {
                fresh = r.stdout().trim();
                made.add(fresh);
            } else {
                assertTrue(r.stderr().contains("unschedulable: no node is ready"), "a clear refusal: " + r);
                refusals.add(r.stderr().strip());
                Eventually.sleep(Duration.ofMillis(500));
            }
        }
        assertTrue(fresh != null, "the same agent takes new containers within 30 s; refusals: " + refusals);
        assertEquals("running", inspect(fresh, "{{.State.Status}}"), "the same agent takes new containers");
        for (String id : made.ids()) {
            DockerCli.Result rm = docker.run("rm", "-f", id);
            assertTrue(rm.ok(), rm.toString());
            made.remove(id);
        }
    }

    private static String run(String... command) {
        List<String> argv = new ArrayList<>(List.of("run", "-d", "busybox"));
        argv.addAll(List.of(command));
        DockerCli.Result run = docker.run(argv.toArray(String[]::new));
        assertTrue(run.ok(), run.toString());
        String id = run.stdout().trim();
        made.add(id);
        return id;
    }

    private static String inspect(String id, String template) {
        DockerCli.Result r = docker.run("inspect", "-f", template, id);
        return r.ok() ? r.stdout().trim() : "inspect failed: " + r;
    }
}
