package io.berth.deploy.e2e;

import io.berth.deploy.testing.FreePorts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The production layout's infrastructure in pieces that can be lost one at a time: a {@code --role control}
 * process (KRaft node 1, a Hazelcast member, image store, scheduler, Docker API), two {@code --role broker}
 * processes (KRaft nodes 2 and 3: three brokers, replication factor 3, {@code min.insync.replicas} 2), one
 * {@code --role member} process (the second Hazelcast member: backup count 1), and one {@code --role agent}. A test
 * SIGKILLs exactly one broker or the one member while the rest keeps serving. Belongs to one test class, which
 * closes it. Logs go to {@code target/e2e-pieces-*.log}.
 */
final class PiecesPlatform extends LaunchedPlatform {
    static final int BROKERS = 3;
    private final String agentNode = "pieces-node";
    private final int[] brokerPorts = new int[BROKERS];
    private final int[] controllerPorts = new int[BROKERS];
    private final int memberPort;
    private Process control;
    private final Process[] brokers = new Process[BROKERS]; // [0] unused: broker 1 is the control process's
    private Process member;
    private Process agent;

    private PiecesPlatform() {
        super("pieces");
        int[] more = FreePorts.take(2 * (BROKERS - 1) + 1);
        brokerPorts[0] = kafkaPort;
        controllerPorts[0] = controllerPort;
        for (int n = 1; n < BROKERS; n++) {
            brokerPorts[n] = more[2 * (n - 1)];
            controllerPorts[n] = more[2 * (n - 1) + 1];
        }
        memberPort = more[more.length - 1];
    }

    /** Starts the control process, the two brokers and the member together (a quorum needs two), then the agent. */
    static PiecesPlatform start() {
        PiecesPlatform p = new PiecesPlatform();
        return started(p, () -> {
            Path controlLog = p.target.resolve("e2e-pieces-control.log");
            p.control = p.launch(controlLog, p.controlFlags());
            for (int n = 1; n < BROKERS; n++) {
                p.brokers[n] = p.launch(p.brokerLog(n), p.brokerFlags(n));
            }
            p.member = p.launch(p.memberLog(), p.memberFlags());
            for (int n = 1; n < BROKERS; n++) {
                awaitLine(p.brokers[n], p.brokerLog(n), "berth: ready as kafka broker", "broker " + (n + 1));
            }
            awaitLine(p.member, p.memberLog(), "berth: ready as hazelcast member", "the second member");
            awaitLine(p.control, controlLog, "berth: ready on", "the control process's ready line");
            p.startAgent();
        });
    }

    private Path brokerLog(int n) {
        return target.resolve("e2e-pieces-broker-" + (n + 1) + ".log");
    }

    private Path memberLog() {
        return target.resolve("e2e-pieces-member-2.log");
    }

    private String voters() {
        List<String> voters = new ArrayList<>();
        for (int n = 0; n < BROKERS; n++) {
            voters.add((n + 1) + "@127.0.0.1:" + controllerPorts[n]);
        }
        return String.join(",", voters);
    }

    private List<String> controlFlags() {
        return List.of("--role", "control",
                "--data-root", root.resolve("control").toString(),
                "--socket", socket.toString(),
                "--node-id", "pieces-control",
                "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort),
                "--hazelcast-port", Integer.toString(hazelcastPort),
                "--registry-port", Integer.toString(registryPort),
                "--kafka-node-id", "1",
                "--kafka-voters", voters(),
                "--hazelcast-join", "127.0.0.1:" + memberPort);
    }

    private List<String> brokerFlags(int n) {
        return List.of("--role", "broker",
                "--data-root", root.resolve("broker-" + (n + 1)).toString(),
                "--kafka-port", Integer.toString(brokerPorts[n]),
                "--kafka-controller-port", Integer.toString(controllerPorts[n]),
                "--kafka-node-id", Integer.toString(n + 1),
                "--kafka-voters", voters());
    }

    private List<String> memberFlags() {
        return List.of("--role", "member",
                "--data-root", root.resolve("member-2").toString(),
                "--hazelcast-port", Integer.toString(memberPort),
                "--hazelcast-join", "127.0.0.1:" + hazelcastPort);
    }

    private void startAgent() {
        Path log = target.resolve("e2e-pieces-agent.log");
        agent = launchAgent(log, agentNode, kafkaBootstrap(), String.join(",", hazelcastMembers()));
        awaitLine(agent, log, "berth: ready as node agent", "the agent's ready line");
    }

    /** Every broker's client listener. */
    String kafkaBootstrap() {
        List<String> all = new ArrayList<>();
        for (int port : brokerPorts) {
            all.add("127.0.0.1:" + port);
        }
        return String.join(",", all);
    }

    /** Both Hazelcast members' addresses: the control process's and the member alone's. */
    List<String> hazelcastMembers() {
        return List.of("127.0.0.1:" + hazelcastPort, "127.0.0.1:" + memberPort);
    }

    String clusterName() {
        return cluster;
    }

    /** The agent's container directories (one per container it holds), by id. */
    Path agentContainers() {
        return root.resolve("agent-data").resolve("nodes").resolve(agentNode).resolve("containers");
    }

    long brokerPid(int n) {
        return brokers[n].pid();
    }

    long memberPid() {
        return member.pid();
    }

    /** SIGKILL to broker {@code n} (0-based, 1 or 2): that broker process alone, by pid. */
    void killBroker(int n) {
        LauncherProcess.kill(brokers[n], "broker " + (n + 1));
    }

    /** SIGKILL to the second Hazelcast member's process alone, by pid. */
    void killMember() {
        LauncherProcess.kill(member, "member 2");
    }

    /** The agent, then the rest together: the last brokers of a quorum wait for each other's shutdown. */
    @Override
    protected void stopProcesses() {
        LauncherProcess.stop(agent);
        List<Process> rest = new ArrayList<>();
        for (int n = 1; n < BROKERS; n++) {
            rest.add(brokers[n]); // null when the start failed before it: stop ignores null
        }
        rest.add(control);
        rest.add(member);
        LauncherProcess.stopTogether(rest, "berth-e2e-pieces-stop");
    }
}
