package io.berth.deploy.kafka;

import java.nio.file.Path;
import java.util.Properties;

/** The configuration of Berth's single-node KRaft broker (broker and controller in one process). */
public final class BrokerSettings {
    /** The one node of the quorum. */
    public static final int NODE_ID = 1;
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * @param logDir         where the broker keeps topic data and the metadata log
     * @param port           client listener port on 127.0.0.1
     * @param controllerPort KRaft controller listener port on 127.0.0.1
     */
    public static Properties of(Path logDir, int port, int controllerPort) {
        return of(logDir, "127.0.0.1", port, controllerPort);
    }

    /** As {@link #of(Path, int, int)}, with the client listener bound to and advertised as {@code host}. */
    public static Properties of(Path logDir, String host, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // A single replica is all there is; internal topics must not wait for more.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // Few partitions for internal topics: the first consumer group otherwise waits for 50 to be created.
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose, with their own settings; a typo must not make a new one.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "3");
        // Berth loses no event: nothing expires by age or size; compacted topics keep the latest per key.
        p.setProperty("log.retention.ms", "-1");
        p.setProperty("log.retention.bytes", "-1");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        // A 2-core host runs the whole platform in one JVM: keep the broker's thread pools small.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("background.threads", "4");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    private BrokerSettings() {
    }
}
