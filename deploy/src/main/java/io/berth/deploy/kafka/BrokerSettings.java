package io.berth.deploy.kafka;

import io.berth.deploy.options.KafkaQuorum;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration of Berth's embedded KRaft broker (broker and controller in one process): alone, or one of
 * several control hosts' brokers forming one quorum.
 */
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
        return of(logDir, host, port, controllerPort, KafkaQuorum.ALONE);
    }

    /**
     * As {@link #of(Path, String, int, int)}, as node {@code quorum.nodeId()} of {@code quorum}: with voters the
     * controller listens on {@code host} too (the other controllers reach it there), and topics are replicated
     * to as many brokers as the quorum has, at most three, two of which must hold every write.
     */
    public static Properties of(Path logDir, String host, int port, int controllerPort, KafkaQuorum quorum) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(quorum.nodeId()));
        boolean alone = quorum.voters().isEmpty();
        String controllerHost = alone ? "127.0.0.1" : host;
        p.setProperty("controller.quorum.voters", alone ? NODE_ID + "@127.0.0.1:" + controllerPort
                : String.join(",", quorum.voters().stream().map(KafkaQuorum.Voter::toString).toList()));
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://"
                + controllerHost + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // Alone, a single replica is all there is and internal topics must not wait for more; with three
        // brokers every partition has a replica on each, and a write counts once two hold it (one may be lost).
        String replicas = Short.toString(quorum.replicationFactor());
        String minInsync = Integer.toString(quorum.minInsyncReplicas());
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInsync);
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minInsync);
        // Only an in-sync replica may lead: a write acknowledged by two is never dropped by a lagging leader.
        p.setProperty("unclean.leader.election.enable", "false");
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
        // An idle controller appends a no-op record to the metadata log every 500 ms by default (KIP-835, so the
        // log's end advances); nothing here reads that cadence, and every 5 s is a tenth of the raft and metadata
        // threads' idle work. Leader election and broker fencing have timeouts of their own.
        p.setProperty("metadata.max.idle.interval.ms", "5000");
        return p;
    }

    private BrokerSettings() {
    }
}
