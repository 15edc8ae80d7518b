package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Placement rules through the docker CLI, as classic Swarm spelled them: {@code -e constraint:…},
 * {@code -e affinity:…}, {@code -l berth.strategy=…}. The platform's one node is {@code e2e-node} with labels
 * {@code disk=ssd, zone=e2e}. A rule no node satisfies fails {@code docker run} with exit 125, the scheduler's
 * reason, and leaves no container and no name behind.
 */
@E2e
class PlacementIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static List<String> allIds() {
        DockerCli.Result ps = docker.run("ps", "-a", "-q", "--no-trunc");
        assertTrue(ps.ok(), ps.toString());
        return ps.stdout().lines().sorted().toList();
    }

    /** Runs {@code docker run -d --name NAME ARGS}, expects the refusal, and checks nothing stayed. */
    private static void refused(String name, String expectedError, String... args) {
        List<String> before = allIds();
        List<String> argv = new java.util.ArrayList<>(List.of("run", "-d", "--name", name));
        argv.addAll(List.of(args));
        DockerCli.Result run = docker.run(argv.toArray(String[]::new));
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("Error response from daemon: " + expectedError), run.toString());
        assertEquals(before, allIds());
        // the name is free again: nothing half-created holds it
        DockerCli.Result reuse = docker.run("create", "--name", name, "busybox", "true");
        assertTrue(reuse.ok(), reuse.toString());
        assertTrue(docker.run("rm", name).ok());
    }

    @Test
    void aConstraintNoNodeSatisfiesIsRefusedWithTheReason() {
        refused("nvme-only", "unschedulable: no node satisfies constraint node.labels.disk==nvme "
                + "(1 node: 1 label mismatch)", "-e", "constraint:node.labels.disk==nvme", "busybox", "sleep", "30");
        refused("not-here", "unschedulable: no node satisfies constraint node!=e2e-node (1 node: 1 node mismatch)",
                "-e", "constraint:node!=e2e-node", "busybox", "sleep", "30");
    }

    @Test
    void aPidsLimitNoNodeHasRoomForIsRefused() {
        // the kernel's pid space tops out at 4,194,304: ten million never fits
        refused("pid-hog", "unschedulable: no node can take the container (1 node: 1 not enough pids): "
                + "node e2e-node: not enough pids (wants 10000000, ", "--pids-limit", "10000000", "busybox", "true");
    }

    @Test
    void constraintsTheNodeSatisfiesPlaceAndRun() {
        String id = made.runDetached("-e", "constraint:node.labels.disk==ssd", "-e", "constraint:node==e2e-*",
                "-e", "constraint:node.labels.zone!=other", "busybox", "sleep", "30");
        assertEquals("true", made.inspect(id, "{{.State.Running}}"));
    }

    @Test
    void affinityAndAntiAffinityFollowOtherContainers() {
        String db = made.runDetached("--name", "placement-db", "-l", "app=db", "busybox", "sleep", "30");
        String near = made.runDetached("-e", "affinity:container==placement-db", "-e", "affinity:label.app==db",
                "busybox", "sleep", "30");
        assertEquals("true", made.inspect(near, "{{.State.Running}}"));
        refused("away-from-db", "unschedulable: no node satisfies affinity container!=placement-db "
                + "(1 node: 1 affinity mismatch)", "-e", "affinity:container!=placement-db", "busybox", "true");
        refused("near-ghost", "unschedulable: no node satisfies affinity label.app==ghost (1 node: 1 affinity mismatch)",
                "-e", "affinity:label.app==ghost", "busybox", "true");
        made.remove(db);
        assertTrue(docker.run("rm", "-f", db).ok());
        // with the db gone, anti-affinity to it is satisfied again
        String later = made.runDetached("-e", "affinity:container!=placement-db", "busybox", "sleep", "30");
        assertEquals("true", made.inspect(later, "{{.State.Running}}"));
    }

    @Test
    void theStrategyLabelIsReadAndAnUnknownOneIsRefused() {
        String id = made.runDetached("-l", "berth.strategy=binpack", "busybox", "sleep", "30");
        assertEquals("binpack", made.inspect(id, "{{index .Config.Labels \"berth.strategy\"}}"));
        refused("random-strategy", "invalid placement rule: unknown strategy 'random': expected spread or binpack",
                "-l", "berth.strategy=random", "busybox", "true");
        refused("bad-rule", "invalid placement rule: cannot read 'constraint:disk=ssd': expected KEY==VALUE or KEY!=VALUE",
                "-e", "constraint:disk=ssd", "busybox", "true");
    }
}
