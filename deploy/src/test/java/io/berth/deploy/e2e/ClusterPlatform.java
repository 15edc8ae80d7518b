package io.berth.deploy.e2e;

import io.berth.deploy.testing.EnvironmentFile;
import io.berth.deploy.testing.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Berth of many hosts on one machine, started as {@code deploy/README.md} "Deploying on three hosts" tells
 * an operator to: each launcher gets exactly the BERTH_* lines of a {@code deploy/systemd/*.env} template
 * ({@link EnvironmentFile}), placeholders filled with this machine's addresses, and ports, paths, cluster name and
 * cgroup parents changed to values of its own so it runs beside other platforms. The control plane
 * ({@code berth-control.env}) listens on a bridge address; {@link #NODES} node agents ({@code berth-agent.env},
 * node-1…) and one more gateway ({@code berth-gateway.env}, on node-2's "host") each run in a network namespace
 * with its own address. A test can cut a node off (its veth down), kill it outright (agent, monitors and
 * container processes, by pid) and bring it back. One cluster serves every {@code @E2e(CLUSTER)} class of the
 * JVM ({@link #shared()}), closed at JVM exit: processes stopped, then namespaces, veths and bridge removed.
 * Logs go to {@code target/e2e-cluster-*.log}.
 */
final class ClusterPlatform extends LaunchedPlatform {
    static final int NODES = 3;
    /** The grace the control plane is started with: a node silent this long is down. */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** The host whose "host" also runs a second gateway, as the guide's hosts B and C do. */
    static final int GATEWAY_NODE = 2;

    private static ClusterPlatform shared;
    private static AssertionError startFailure;

    private final ClusterNetwork network = new ClusterNetwork();
    private final Process[] agents = new Process[NODES + 1];
    private final int[] starts = new int[NODES + 1];
    private final int[] apiPorts = FreePorts.take(2);
    private final Path gatewaySocket = root.resolve("gateway-" + nodeId(GATEWAY_NODE) + ".sock");
    private Process control;
    private Process gateway;

    private ClusterPlatform() {
        super("cluster");
    }

    /**
     * The cluster of this JVM, started on first use (30-90 s: the network, the control plane, every agent, the
     * second gateway); a failed start fails every later caller the same way instead of starting again.
     */
    static synchronized ClusterPlatform shared() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (AssertionError | RuntimeException e) {
                startFailure = e instanceof AssertionError a ? a : new AssertionError("the cluster did not start", e);
                throw startFailure;
            }
        }
        return shared;
    }

    /** Makes the network, starts the control plane, every agent and the second gateway; returns once all are ready. */
    private static ClusterPlatform start() {
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
            platform.startGateway();
        });
    }

    /** The control plane's API on TCP, as a base URL (what a browser opens). */
    String apiUrl() {
        return "http://127.0.0.1:" + apiPorts[0];
    }

    /** A docker CLI pointed at the second gateway, the one on node-2's "host". */
    DockerCli gatewayDocker() {
        return new DockerCli(gatewaySocket, root);
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
     * to every process in the cgroup of a container it holds. The second gateway on node-2's "host" is spared:
     * the tests kill a node to watch its containers move, not to lose an API.
     */
    void kill(int n) {
        List<Long> pids = new ArrayList<>(network.pids(n));
        if (gateway != null) {
            pids.remove(Long.valueOf(gateway.pid()));
        }
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
        Map<String, String> env = EnvironmentFile.read("berth-agent.env")
                .fill(Map.of("HOST_ADDRESS", network.nodeAddress(n),
                        "CONTROL_ADDRESS", network.hostAddress(),
                        "NODE_ID", nodeId(n),
                        // labels placement constraints read: only the last node has the fast disk
                        "NODE_LABELS", "disk=" + (n == NODES ? "ssd" : "hdd") + ",rack=r" + n))
                .set("BERTH_CLUSTER_NAME", cluster)
                .set("BERTH_DATA_ROOT", dataRoot(n))
                // one machine plays three hosts: each needs a cgroup tree of its own, as on real hosts
                .set("BERTH_CGROUP_PARENT", cgroupParent(n))
                .withPort("BERTH_KAFKA_BOOTSTRAP", kafkaPort)
                .withPort("BERTH_HAZELCAST_MEMBERS", hazelcastPort)
                .withPort("BERTH_REGISTRY_URL", registryPort)
                .set("BERTH_AGENT_PORT", agentPort)
                .resolved();
        agents[n] = launchInNamespace(n, log, env);
        awaitLine(agents[n], log, "berth: ready as node agent", "node " + n + " ready");
    }

    private void startControl() {
        Path log = target.resolve("e2e-cluster-control.log");
        Map<String, String> env = EnvironmentFile.read("berth-control.env")
                .fill(Map.of("HOST_ADDRESS", network.hostAddress()))
                .set("BERTH_CLUSTER_NAME", cluster)
                .set("BERTH_DATA_ROOT", root.resolve("control-data"))
                .set("BERTH_KAFKA_PORT", kafkaPort)
                .set("BERTH_KAFKA_CONTROLLER_PORT", controllerPort)
                .set("BERTH_HAZELCAST_PORT", hazelcastPort)
                .set("BERTH_REGISTRY_PORT", registryPort)
                .set("BERTH_NODE_GRACE", GRACE.toSeconds() + "s")
                .set("BERTH_SOCKET", socket)
                // the dashboard test's browser holds no client certificate: loopback, where plain HTTP is allowed
                .set("BERTH_TCP", "127.0.0.1:" + apiPorts[0])
                .set("BERTH_TLSVERIFY", "false")
                .set("BERTH_TLSCACERT", "")
                .set("BERTH_TLSCERT", "")
                .set("BERTH_TLSKEY", "")
                .resolved();
        control = LauncherProcess.launch(List.of(), jar, log, List.of(), env);
        awaitPing(control, log, "GET /_ping answered OK");
    }

    /** The guide's gateway on a host without the control plane: node-2's namespace, beside its agent. */
    private void startGateway() {
        ApiCertificates tls = ApiCertificates.make(root.resolve("tls"), network.nodeAddress(GATEWAY_NODE));
        Path log = target.resolve("e2e-cluster-gateway-" + nodeId(GATEWAY_NODE) + ".log");
        Map<String, String> env = EnvironmentFile.read("berth-gateway.env")
                .fill(Map.of("HOST_ADDRESS", network.nodeAddress(GATEWAY_NODE),
                        "CONTROL_ADDRESS", network.hostAddress()))
                .set("BERTH_CLUSTER_NAME", cluster)
                .set("BERTH_DATA_ROOT", dataRoot(GATEWAY_NODE))
                .withPort("BERTH_KAFKA_BOOTSTRAP", kafkaPort)
                .withPort("BERTH_HAZELCAST_MEMBERS", hazelcastPort)
                .withPort("BERTH_REGISTRY_URL", registryPort)
                .set("BERTH_SOCKET", gatewaySocket)
                .withPort("BERTH_TCP", apiPorts[1])
                .set("BERTH_TLSCACERT", tls.ca())
                .set("BERTH_TLSCERT", tls.serverCert())
                .set("BERTH_TLSKEY", tls.serverKey())
                .resolved();
        gateway = launchInNamespace(GATEWAY_NODE, log, env);
        LauncherProcess.await(gateway, log, () -> ApiPing.answersOk(ApiPing.ping(gatewaySocket, Duration.ofSeconds(5))),
                "GET /_ping answered OK by the gateway of " + nodeId(GATEWAY_NODE));
    }

    // nsenter enters only the network namespace: mounts the agent makes stay visible on the host as usual
    private Process launchInNamespace(int n, Path log, Map<String, String> env) {
        return LauncherProcess.launch(List.of("nsenter", "--net=/run/netns/" + network.namespace(n), "--"), jar, log,
                List.of(), env);
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
        LauncherProcess.stop(gateway);
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
