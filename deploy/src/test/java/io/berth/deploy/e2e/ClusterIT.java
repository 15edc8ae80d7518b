package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many hosts, one Docker API: a control plane, three node agents and a second gateway, each in its own
 * network namespace, started from the multi-host guide's systemd files ({@link ClusterPlatform}), driven by the
 * real docker CLI through the gateways. Spread, binpack, node-label
 * constraints (and an impossible one), a node cut off or
 * killed (its restart-policy container comes back elsewhere; the node, back, discards its stale copy),
 * restart policies with Docker's backoff, and drain.
 */
@E2e(E2e.Layout.CLUSTER)
class ClusterIT {
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(120);
    private static ClusterPlatform platform;
    private static DockerCli docker;
    private static OpsCurl curl;
    private static MadeContainers made;

    @BeforeAll
    static void start() {
        for (int n = 1; n <= ClusterPlatform.NODES; n++) {
            String node = ClusterPlatform.nodeId(n);
            assertTrue(Eventually.holds(Duration.ofSeconds(60), () -> "ready".equals(nodeState(node))), node + " joins");
        }
    }

    @AfterEach
    void removeContainers() {
        made.removeAll();
    }

    @Test
    void spreadPutsThreeContainersOnThreeNodesAndPsShowsWhere() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(made.runDetached("busybox", "sleep", "1000"));
        }
        Set<String> nodes = new TreeSet<>();
        for (String id : ids) {
            String node = made.inspect(id, "{{.Node.Name}}");
            nodes.add(node);
            DockerCli.Result ps = docker.run("ps", "--filter", "id=" + id, "--format", "{{.Label \"berth.node\"}}");
            assertTrue(ps.ok(), ps.toString());
            assertEquals(node, ps.stdout().trim(), "docker ps shows the node in the berth.node label");
        }
        assertEquals(Set.of("node-1", "node-2", "node-3"), nodes, "one container per node");
        DockerCli.Result all = docker.run("ps", "--format", "{{.Label \"berth.node\"}}");
        assertEquals(nodes, new TreeSet<>(all.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).toList()),
                "one gateway lists the containers of every node");
        DockerCli.Result info = docker.run("info", "--format", "{{json .Labels}} {{.ContainersRunning}}");
        assertTrue(info.ok(), info.toString());
        assertTrue(info.stdout().contains("berth.nodes=3"), "docker info counts the nodes: " + info);
        DockerCli.Result logs = docker.run("logs", ids.get(0));
        assertTrue(logs.ok(), "the gateway reaches each node's stream endpoint across the bridge: " + logs);
    }

    @Test
    void theGatewayOnAnotherHostShowsTheSameClusterAndRunsContainersOnIt() {
        DockerCli other = platform.gatewayDocker();
        String id = made.runDetached("busybox", "sleep", "1000");
        DockerCli.Result ps = other.run("ps", "-q", "--no-trunc", "--filter", "id=" + id);
        assertEquals(id, ps.stdout().trim(), "the second gateway lists a container run through the first: " + ps);
        DockerCli.Result run = other.run("run", "-d", "busybox", "sleep", "1000");
        assertTrue(run.ok(), run.toString());
        String second = run.stdout().trim();
        made.add(second);
        assertEquals("running", made.inspect(second, "{{.State.Status}}"),
                "the first gateway sees a container run through the second");
        DockerCli.Result info = other.run("info", "--format", "{{json .Labels}}");
        assertTrue(info.stdout().contains("berth.nodes=3"), "the second gateway counts the nodes: " + info);
    }

    @Test
    void binpackPutsThreeContainersOnOneNode() {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            String id = made.runDetached("-l", "berth.strategy=binpack", "busybox", "sleep", "1000");
            nodes.add(made.inspect(id, "{{.Node.Name}}"));
        }
        assertEquals(1, nodes.size(), "binpack fills one node before the next: " + nodes);
    }

    @Test
    void aNodeLabelConstraintPicksTheOneNodeThatHasIt() {
        for (int i = 0; i < 3; i++) {
            String id = made.runDetached("-e", "constraint:node.labels.disk==ssd", "busybox", "sleep", "1000");
            assertEquals(ClusterPlatform.nodeId(ClusterPlatform.NODES), made.inspect(id, "{{.Node.Name}}"),
                    "only the last node has disk=ssd");
        }
        String id = made.runDetached("-e", "constraint:node.labels.rack!=r1", "-e", "constraint:node!=node-3",
                "busybox", "sleep", "1000");
        assertEquals("node-2", made.inspect(id, "{{.Node.Name}}"), "two constraints leave one node");
    }

    @Test
    void aContainerUsingAVolumeLandsOnTheNodeThatHoldsIt() {
        String volume = "cluster-vol";
        String other = "cluster-vol-other";
        try {
            // the volume is made on node-2, where the constraint puts its first container
            String first = made.runDetached("-v", volume + ":/data", "-e", "constraint:node==node-2", "busybox", "sh",
                    "-c", "echo on-b > /data/f; sleep 1000");
            assertEquals("node-2", made.inspect(first, "{{.Node.Name}}"));
            for (int i = 0; i < 3; i++) {
                String id = made.runDetached("-v", volume + ":/data", "busybox", "sleep", "1000");
                assertEquals("node-2", made.inspect(id, "{{.Node.Name}}"), "run " + (i + 1) + " follows the volume");
            }
            DockerCli.Result read = docker.run("run", "--rm", "-v", volume + ":/d", "busybox", "cat", "/d/f");
            assertEquals("on-b", read.stdout().strip(), read.toString());
            made.runDetached("-v", other + ":/o", "-e", "constraint:node==node-3", "busybox", "true");
            DockerCli.Result split = docker.run("run", "-d", "-v", volume + ":/a", "-v", other + ":/b", "busybox",
                    "true");
            assertEquals(125, split.exitCode(), split.toString());
            assertTrue(split.stderr().contains("unschedulable: the container's volumes are on different nodes"),
                    split.toString());
            DockerCli.Result ls = docker.run("volume", "ls", "-q");
            assertTrue(ls.stdout().contains(volume) && ls.stdout().contains(other), "one list for all nodes: " + ls);
        } finally {
            made.removeAll();
            docker.run("volume", "rm", volume);
            docker.run("volume", "rm", other);
        }
    }

    @Test
    void aCreatedVolumeIsPlacedAtOnceAndItsFirstContainerFollowsIt() {
        String volume = "cluster-created";
        try {
            DockerCli.Result create = docker.run("volume", "create", volume);
            assertTrue(create.ok(), create.toString());
            // Berth's Node key, which the CLI drops, and the Mountpoint dockerd shows at once
            JsonNode v = OpsCurl.body(curl.run("http://berth/volumes/" + volume), 200);
            String node = v.path("Node").asText();
            assertTrue(node.startsWith("node-"), "placed on a node at create: " + v);
            assertTrue(Files.isDirectory(java.nio.file.Path.of(v.path("Mountpoint").asText())),
                    "that node made its directory: " + v);
            String id = made.runDetached("-v", volume + ":/data", "busybox", "sleep", "1000");
            assertEquals(node, made.inspect(id, "{{.Node.Name}}"), "its first container runs where it is");
        } finally {
            made.removeAll();
            docker.run("volume", "rm", volume);
        }
    }

    @Test
    void anImageCommittedOnOneNodeRunsOnAnother() {
        String image = "berth-cluster-commit:1";
        try {
            String source = made.runDetached("-e", "constraint:node==node-2", "busybox", "sh", "-c",
                    "echo made-on-2 > /origin; sleep 1000");
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> docker.run("diff", source).stdout().contains("A /origin")), "the file is written");
            DockerCli.Result commit = docker.run("commit", source, image);
            assertTrue(commit.ok(), commit.toString());
            DockerCli.Result run = docker.run("run", "--rm", "-e", "constraint:node==node-3", image, "cat", "/origin");
            assertEquals("made-on-2", run.stdout().strip(), run.toString());
        } finally {
            made.removeAll();
            docker.run("rmi", "-f", image);
        }
    }

    @Test
    void anImpossibleConstraintIsUnschedulableAndLeavesNothing() {
        String name = "cluster-nowhere";
        DockerCli.Result run = docker.run("run", "-d", "--name", name, "-e", "constraint:node.labels.disk==nvme",
                "busybox", "sleep", "1000");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("unschedulable: no node satisfies constraint node.labels.disk==nvme"),
                run.toString());
        assertTrue(run.stderr().contains("3 nodes"), "the reason counts the nodes it tried: " + run);
        DockerCli.Result ps = docker.run("ps", "-a", "-q", "--filter", "name=" + name);
        assertTrue(ps.ok() && ps.stdout().isBlank(), "no container is left behind: " + ps);
    }

    @Test
    void aPublishedHostPortIsANodeResource() {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < ClusterPlatform.NODES; i++) {
            String id = made.runDetached("-p", "18081:80", "busybox", "sleep", "1000");
            nodes.add(made.inspect(id, "{{.Node.Name}}"));
            DockerCli.Result port = docker.run("port", id, "80");
            assertTrue(port.ok() && port.stdout().contains("0.0.0.0:18081"), "docker port shows the asked port: " + port);
        }
        assertEquals(ClusterPlatform.NODES, nodes.size(), "one publisher of 18081 per node: " + nodes);

        String name = "cluster-no-port";
        DockerCli.Result run = docker.run("run", "-d", "--name", name, "-p", "18081:80", "busybox", "sleep", "1000");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("Bind for 0.0.0.0:18081 failed: port is already allocated"), run.toString());
        DockerCli.Result ps = docker.run("ps", "-a", "-q", "--filter", "name=" + name);
        assertTrue(ps.ok() && ps.stdout().isBlank(), "no container is left behind: " + ps);

        // the same number over udp is another port
        String udp = made.runDetached("-p", "18081:80/udp", "busybox", "sleep", "1000");
        assertTrue(made.inspect(udp, "{{json .NetworkSettings.Ports}}").contains("18081"));
    }

    @Test
    void aNodeCutOffLosesItsContainerToAnotherNodeAndDiscardsItsCopyWhenBack() {
        String id = made.runDetached("--restart", "always", "busybox", "sleep", "1000");
        String first = made.inspect(id, "{{.Node.Name}}");
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        int n = ClusterPlatform.number(first);

        long cutAt = System.nanoTime();
        platform.cut(n);
        try {
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> runningElsewhere(id, first)),
                    "the container comes back on another node: " + inspectAll(id));
            System.out.printf("berth cluster: node cut off -> container running on another node in %d ms "
                    + "(grace %d s)%n", (System.nanoTime() - cutAt) / 1_000_000, ClusterPlatform.GRACE.toSeconds());
            assertEquals("down", nodeState(first));
            assertTrue(HostTraces.processAlive(pid), "the cut-off node's copy still runs while it is away");
            String lost = "\"berth.lost\":\"node " + first + " is down\"";
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> docker.run("events", "--since", "10m", "--until", "0s",
                    "--filter", "container=" + id, "--filter", "event=die", "--format", "{{json .Actor.Attributes}}")
                    .stdout().contains(lost)), "docker events shows the loss as a die with " + lost);
        } finally {
            platform.restore(n);
        }
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> !HostTraces.processAlive(pid)
                        && !Files.exists(platform.containerDir(n, id))),
                "the node, back, stops and discards its stale copy");
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> "ready".equals(nodeState(first))), first + " is ready again");
        assertNotEquals(first, made.inspect(id, "{{.Node.Name}}"), "the copy elsewhere keeps running");
        assertEquals("true", made.inspect(id, "{{.State.Running}}"));
        assertEquals("1", made.inspect(id, "{{.RestartCount}}"), "the move counts as one restart");
    }

    @Test
    void aKilledNodeLosesItsContainerToAnotherNode() {
        String id = made.runDetached("--restart", "always", "busybox", "sleep", "1000");
        String plain = made.runDetached("busybox", "sleep", "1000");
        String first = made.inspect(id, "{{.Node.Name}}");
        int n = ClusterPlatform.number(first);
        long killedAt = System.nanoTime();
        platform.kill(n);
        try {
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> runningElsewhere(id, first)),
                    "the container comes back on another node: " + inspectAll(id));
            System.out.printf("berth cluster: node killed -> container running on another node in %d ms%n",
                    (System.nanoTime() - killedAt) / 1_000_000);
            if (first.equals(made.inspect(plain, "{{.Node.Name}}"))) {
                assertEquals("exited", made.inspect(plain, "{{.State.Status}}"),
                        "a container without a restart policy on the dead node is lost, not moved");
            }
        } finally {
            platform.startAgent(n);
        }
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> !Files.exists(platform.containerDir(n, id))),
                "the restarted node discards its copy of the moved container");
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> "ready".equals(nodeState(first))), first + " is ready again");
    }

    @Test
    void onFailureRestartsTwiceThenStaysExited() {
        String name = "flaky-" + System.nanoTime() % 1_000_000;
        DockerCli.Result run = docker.run("run", "--name", name, "--restart", "on-failure:2", "busybox", "sh", "-c",
                "exit 1");
        made.add(name);
        assertEquals(1, run.exitCode(), run.toString());
        String id = name;
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> "2 exited".equals(made.inspect(id,
                "{{.RestartCount}} {{.State.Status}}"))), "two restarts, then exited: " + inspectAll(id));
        Eventually.sleep(Duration.ofSeconds(3));
        assertEquals("2 exited 1", made.inspect(id, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"),
                "no third restart");
    }

    @Test
    void dockerStopSuppressesTheRestartPolicy() {
        String id = made.runDetached("--restart", "always", "busybox", "sleep", "1000");
        DockerCli.Result stop = docker.run("stop", "-t", "1", id);
        assertTrue(stop.ok(), stop.toString());
        Eventually.sleep(Duration.ofSeconds(3));
        assertEquals("exited 0", made.inspect(id, "{{.State.Status}} {{.RestartCount}}"), "stays stopped");
    }

    @Test
    void anAlwaysContainerIsRestartedWithBackoffAndCounted() {
        String id = made.runDetached("--restart", "always", "busybox", "sh", "-c", "sleep 1; exit 3");
        assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> Integer.parseInt(made.inspect(id, "{{.RestartCount}}")) >= 2),
                "restarted again and again: " + inspectAll(id));
    }

    @Test
    void drainMovesARestartPolicyContainerAndStopsTheOthers() {
        String id = made.runDetached("--restart", "unless-stopped", "busybox", "sleep", "1000");
        String first = made.inspect(id, "{{.Node.Name}}");
        String plain = onlyOn(first, "busybox", "sleep", "1000");
        try {
            JsonNode drained = OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + first + "/drain"), 200);
            assertEquals("draining", drained.path("state").asText(), drained.toString());
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> runningElsewhere(id, first)),
                    "drain moves the container: " + inspectAll(id));
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> !Files.exists(platform.containerDir(
                    ClusterPlatform.number(first), id))), "the drained node discards its copy");
            assertTrue(Eventually.holds(MOVE_TIMEOUT, () -> "exited".equals(made.inspect(plain, "{{.State.Status}}"))),
                    "a container without a restart policy is stopped where it is: " + inspectAll(plain));
            assertEquals(first, made.inspect(plain, "{{.Node.Name}}"));
            String fresh = made.runDetached("busybox", "sleep", "1000");
            assertNotEquals(first, made.inspect(fresh, "{{.Node.Name}}"), "a draining node takes nothing new");
        } finally {
            OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + first + "/uncordon"), 200);
        }
        assertEquals(404, OpsCurl.status(curl.run("-X", "POST", "http://berth/berth/v1/nodes/no-such-node/drain")));
    }

    /** Runs a container on {@code node}: every other node cordoned meanwhile. */
    private static String onlyOn(String node, String... args) {
        List<String> others = new ArrayList<>();
        for (int n = 1; n <= ClusterPlatform.NODES; n++) {
            if (!ClusterPlatform.nodeId(n).equals(node)) {
                others.add(ClusterPlatform.nodeId(n));
            }
        }
        try {
            others.forEach(o -> OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + o + "/cordon"), 200));
            String id = made.runDetached(args);
            assertEquals(node, made.inspect(id, "{{.Node.Name}}"));
            return id;
        } finally {
            others.forEach(o -> OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + o + "/uncordon"), 200));
        }
    }

    private static boolean runningElsewhere(String id, String first) {
        DockerCli.Result r = docker.run("inspect", "-f", "{{.Node.Name}} {{.State.Running}}", id);
        if (!r.ok()) {
            return false;
        }
        String[] f = r.stdout().trim().split(" ");
        return f.length == 2 && !f[0].equals(first) && f[1].equals("true");
    }

    private static String inspectAll(String id) {
        return docker.run("inspect", "-f", "{{.Node.Name}} {{.State.Status}} {{.RestartCount}} {{.State.Error}}",
                id).toString();
    }

    private static String nodeState(String node) {
        String out = curl.run("http://berth/berth/v1/nodes/" + node);
        return OpsCurl.status(out) == 200 ? OpsCurl.body(out, 200).path("state").asText() : "status " + OpsCurl.status(out);
    }
}
