package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The production layout on one machine: three {@code berth.jar --role control} processes on 127.0.0.1, each with
 * its own data root, API socket and ports, whose embedded brokers form one KRaft cluster ({@code --kafka-voters})
 * and whose embedded Hazelcast members form one cluster ({@code --hazelcast-join}), plus one
 * {@code --role agent} joining all three. Control host 1 serves the image store the agent pulls from. Belongs to
 * one test class, which closes it. Logs go to {@code target/e2e-ha-*.log}.
 */
final class HaPlatform extends LaunchedPlatform {
    static final int CONTROLS = 3;
    private final String agentNode = "ha-node";
    // per control host n (0-based): client, controller, Hazelcast and registry ports
    private final int[][] ports = new int[CONTROLS][];
    private final Process[] controls = new Process[CONTROLS];
    private Process agent;

    private HaPlatform() {
        super("ha");
        int[] more = FreePorts.take(4 * (CONTROLS - 1));
        ports[0] = new int[] {kafkaPort, controllerPort, hazelcastPort, registryPort};
        for (int n = 1; n < CONTROLS; n++) {
            int at = 4 * (n - 1);
            ports[n] = new int[] {more[at], more[at + 1], more[at + 2], more[at + 3]};
        }
    }

    /** Starts the three control processes together (a quorum needs two of them), then the agent. */
    static HaPlatform start() {
        HaPlatform platform = new HaPlatform();
        return started(platform, () -> {
            Path[] logs = new Path[CONTROLS];
            for (int n = 0; n < CONTROLS; n++) {
                logs[n] = platform.target.resolve("e2e-ha-control-" + (n + 1) + ".log");
                platform.controls[n] = platform.launch(logs[n], platform.controlFlags(n));
            }
            for (int n = 0; n < CONTROLS; n++) {
                awaitLine(platform.controls[n], logs[n], "berth: ready on",
                        "control host " + (n + 1) + "'s ready line");
            }
            platform.startAgent();
        });
    }

    /** The flags of control host {@code n} (0-based): the tested form of the README's production layout. */
    List<String> controlFlags(int n) {
        List<String> others = IntStream.range(0, CONTROLS).filter(m -> m != n)
                .mapToObj(m -> "127.0.0.1:" + ports[m][2]).toList();
        return List.of("--role", "control",
                "--data-root", root.resolve("control-" + (n + 1)).toString(),
                "--socket", socket(n).toString(),
                "--node-id", "ha-control-" + (n + 1),
                "--kafka-port", Integer.toString(ports[n][0]),
                "--kafka-controller-port", Integer.toString(ports[n][1]),
                "--hazelcast-port", Integer.toString(ports[n][2]),
                "--registry-port", Integer.toString(ports[n][3]),
                "--kafka-node-id", Integer.toString(n + 1),
                "--kafka-voters", String.join(",", IntStream.range(0, CONTROLS)
                        .mapToObj(m -> (m + 1) + "@127.0.0.1:" + ports[m][1]).toList()),
                "--hazelcast-join", String.join(",", others));
    }

    private void startAgent() {
        Path log = target.resolve("e2e-ha-agent.log");
        agent = launchAgent(log, agentNode, kafkaBootstrap(), String.join(",", hazelcastMembers()));
        awaitLine(agent, log, "berth: ready as node agent", "the agent's ready line");
    }

    /** Every broker's client listener, as the agent (and any client) is given them. */
    String kafkaBootstrap() {
        return String.join(",", IntStream.range(0, CONTROLS).mapToObj(m -> "127.0.0.1:" + ports[m][0]).toList());
    }

    /** The Hazelcast members' addresses, as the agent is given them. */
    List<String> hazelcastMembers() {
        return IntStream.range(0, CONTROLS).mapToObj(m -> "127.0.0.1:" + ports[m][2]).toList();
    }

    /** The cluster name every process of this platform was started with. */
    String clusterName() {
        return cluster;
    }

    /** Control host {@code n}'s (0-based) API socket; {@link #socket()} is host 0's. */
    Path socket(int n) {
        return n == 0 ? socket : root.resolve("berth-" + (n + 1) + ".sock");
    }

    /** A docker CLI talking to control host {@code n}'s gateway. */
    DockerCli docker(int n) {
        return new DockerCli(socket(n), root);
    }

    long controlPid(int n) {
        return controls[n].pid();
    }

    /** SIGKILL to control host {@code n}'s process (ours, by pid): broker, member, scheduler, gateway at once. */
    void killControl(int n) {
        LauncherProcess.kill(controls[n], "control host " + (n + 1));
    }

    /**
     * Stops the agent, then the control processes together: the last brokers of a quorum wait for each other's
     * controlled shutdown, so one after the other would wait out every timeout in turn.
     */
    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(agent);
        LauncherProcess.stopTogether(Arrays.asList(controls), "berth-e2e-ha-stop");
    }
}
