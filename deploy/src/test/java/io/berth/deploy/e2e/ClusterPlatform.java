package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Berth of many hosts on one machine: a {@code --role control} process listening on a bridge address, and
 * {@link #NODES} node agents ({@code --role agent}), each in its own network namespace with its own address,
 * data root and node id (node-1…), all joining the same Kafka and Hazelcast. A test can cut a node off (its
 * veth down), kill it outright (agent, monitors and container processes, by pid) and bring it back. Belongs to
 * one test class, which closes it: processes stopped, then namespaces, veths and bridge removed, always.
 * Logs go to {@code target/e2e-cluster-*.log}.
 */
final class ClusterPlatform extends LaunchedPlatform {
    static final int NODES = 3;
    /** The grace the control plane is started with: a node silent this long is down. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final ClusterNetwork network = new ClusterNetwork();
    private final Process[] agents = new Process[NODES + 1];
    private final int[] starts = new int[NODES + 1];
    private Process control;

    private ClusterPlatform() {
        super("cluster");
    }

    /** Makes the network, starts the control plane and every agent; returns once all nodes are ready. */
    static ClusterPlatform start() {
        ClusterPlatform platform = new ClusterPlatform();
        return started(platform, () -> {
            platform.network.createBridge();
            for (int n = 1; n <= NODES; n++) {
                platform.network.addNode(n);
            }
            platform.startControl();
            for (int n = 1; n <= NODES; n++) {
                platform.startAgent(n);
            }
        });
    }

    static String nodeId(int n) {
        return "node-" + n;
    }

    /** The node number of a node id. */
    static int number(String nodeId) {
        return Integer.parseInt(nodeId.substring("node-".length()));
    }

    /** Node {@code n}'s copy of a container: its directory under that node's data root. */
    Path containerDir(int n, String containerId) {
        return dataRoot(n).resolve("nodes").resolve(nodeId(n)).resolve("containers").resolve(containerId);
    }

    void cut(int n) {
        network.cut(n);
    }

    void restore(int n) {
        network.restore(n);
    }

    /**
     * The node dies as a host would: SIGKILL to its agent, to every process in its namespace (the monitors) and
     * to every process in the cgroup of a container it holds.
     */
    void kill(int n) {
        List<Long> pids = new ArrayList<>(network.pids(n));
        pids.addAll(containerProcesses(n));
        for (long pid : pids) {
            HostTraces.exec(List.of("kill", "-9", Long.toString(pid)));
        }
        try {
            agents[n].waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts node {@code n}'s agent in its namespace; returns once it says it is ready. */
    void startAgent(int n) {
        if (agents[n] != null && agents[n].isAlive()) {
            throw new IllegalStateException("node " + n + "'s agent is already running (pid " + agents[n].pid() + ")");
        }
        Path log = target.resolve("e2e-cluster-" + nodeId(n) + "-" + (++starts[n]) + ".log");
        String host = network.hostAddress();
        // nsenter enters only the network namespace: mounts the agent makes stay visible on the host as usual
        agents[n] = launch(List.of("nsenter", "--net=/run/netns/" + network.namespace(n), "--"),
                log, List.of("--role", "agent",
                        "--data-root", dataRoot(n).toString(),
                        "--node-id", nodeId(n),
                        // labels placement constraints read: only the last node has the fast disk
                        "--node-label", "disk=" + (n == NODES ? "ssd" : "hdd"),
                        "--node-label", "rack=r" + n,
                        // one machine plays three hosts: each needs a cgroup tree of its own, as on real hosts
                        "--cgroup-parent", cgroupParent(n),
                        "--advertise-address", network.nodeAddress(n),
                        "--kafka-bootstrap", host + ":" + kafkaPort,
                        "--hazelcast-members", host + ":" + hazelcastPort,
                        "--registry-url", "http://" + host + ":" + registryPort,
                        "--agent-port", Integer.toString(agentPort)));
        awaitLine(agents[n], log, "berth: ready as node agent", "node " + n + " ready");
    }

    private void startControl() {
        Path log = target.resolve("e2e-cluster-control.log");
        control = launch(log, List.of("--role", "control",
                "--data-root", root.resolve("control-data").toString(),
                "--socket", socket.toString(),
                "--node-id", "cluster-control",
                "--advertise-address", network.hostAddress(),
                "--node-grace", GRACE.toSeconds() + "s",
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--registry-port", Integer.toString(registryPort)));
        awaitPing(control, log, "GET /_ping answered OK");
    }

    /** Node {@code n}'s cgroup parent (a moved container has the same id on two "hosts" of one kernel). */
    String cgroupParent(int n) {
        return "berth-e2e-" + cluster.substring(cluster.length() - 8) + "-" + n;
    }

    private Path dataRoot(int n) {
        return root.resolve("host-" + n);
    }

    // Container processes live in cgroups named after their ids; those ids are the node's container dirs.
    private List<Long> containerProcesses(int n) {
        Path dirs = dataRoot(n).resolve("nodes").resolve(nodeId(n)).resolve("containers");
        List<String> ids;
        try (Stream<Path> list = Files.list(dirs)) {
            ids = list.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cgroups = Files.readString(proc.resolve("cgroup"));
                    if (ids.stream().anyMatch(id -> cgroups.contains(cgroupParent(n) + "/" + id))) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return pids;
    }

    /** Stops the agents, sweeps up what they left, stops the control plane and removes the network. */
    @Override
    protected void stopProcesses() {
        for (int n = 1; n <= NODES; n++) {
            LauncherProcess.stop(agents[n]);
        }
        sweep();
        LauncherProcess.stop(control);
        network.remove();
    }

    /**
     * After a failed test: kills whatever still runs on the nodes (monitors in their namespaces, container
     * processes in their cgroups), unmounts what is mounted under the temp root and removes the nodes' cgroups,
     * saying so, so that one failure leaves nothing on the host. A passing run finds nothing to do.
     */
    private void sweep() {
        List<String> swept = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            List<Long> pids = new ArrayList<>(containerProcesses(n));
            try {
                pids.addAll(network.pids(n));
            } catch (RuntimeException | AssertionError noNamespace) {
                // never made, or already gone
            }
            for (long pid : pids) {
                swept.add("pid " + pid);
                quietly(List.of("kill", "-9", Long.toString(pid)));
            }
        }
        for (String line : lines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[4].startsWith(root.toString())) {
                swept.add("mount " + fields[4]);
                quietly(List.of("umount", "-l", fields[4]));
            }
        }
        for (int n = 1; n <= NODES; n++) {
            for (Path dir : cgroupDirs(cgroupParent(n))) {
                swept.add("cgroup " + dir);
                quietly(List.of("rmdir", dir.toString()));
            }
        }
        if (!swept.isEmpty()) {
            System.err.println("berth e2e: the cluster platform swept up what its nodes left behind: " + swept);
        }
    }

    // deepest first, so each directory is empty when its turn comes
    private static List<Path> cgroupDirs(String parent) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            all.filter(p -> p.toString().contains("/" + parent)).filter(Files::isDirectory).forEach(found::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            return found;
        }
        found.sort((a, b) -> b.getNameCount() - a.getNameCount());
        return found;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void quietly(List<String> argv) {
        try {
            HostTraces.exec(argv);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("berth e2e: " + e.getMessage());
        }
    }
}
