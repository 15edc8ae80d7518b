package io.berth.deploy.kafka;

import io.berth.deploy.options.KafkaQuorum;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Kafka broker in KRaft combined mode, running inside this JVM, its data under one directory: alone, or one
 * node of a quorum of several control hosts.
 */
public final class EmbeddedKafka {
    private final Path logDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final KafkaQuorum quorum;
    private final String clusterId;
    private KafkaRaftServer server;

    public EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this(logDir, "127.0.0.1", port, controllerPort);
    }

    /** A broker whose client listener is bound to and advertised as {@code host} (other hosts reach it there). */
    public EmbeddedKafka(Path logDir, String host, int port, int controllerPort) {
        this(logDir, host, port, controllerPort, KafkaQuorum.ALONE, null);
    }

    /**
     * A broker of {@code quorum}; {@code clusterId} is the id its log is formatted with on first use (every broker
     * of a quorum needs the same one), or null for a fresh random one (a broker alone).
     */
    public EmbeddedKafka(Path logDir, String host, int port, int controllerPort, KafkaQuorum quorum,
                         String clusterId) {
        this.quorum = quorum;
        this.clusterId = clusterId;
        this.logDir = logDir;
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats the directory on first use, then starts broker and controller; blocks until the broker is up (in a
     * quorum: until a majority of the controllers has elected a leader, so start the control hosts together).
     */
    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("Kafka in " + logDir + " is already started");
        }
        Files.createDirectories(logDir);
        KafkaConfig config = new KafkaConfig(BrokerSettings.of(logDir, host, port, controllerPort, quorum), false);
        if (!formatted()) {
            format(config);
        }
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        started.startup();
        server = started;
    }

    public String bootstrap() {
        return host + ":" + port;
    }

    /** Whether the directory already holds a formatted log (then its cluster id and topics are kept). */
    public boolean formatted() {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    /** The cluster id written at format time, or null before the first start. */
    public String clusterId() throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(meta)) {
            props.load(in);
        }
        return props.getProperty("cluster.id");
    }

    /** Shuts broker and controller down and waits for them; safe to call twice. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    // What `kafka-storage.sh format` does: meta.properties plus a bootstrap checkpoint with a fresh cluster id.
    private void format(KafkaConfig config) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(quorum.nodeId())
                .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
                .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .addDirectory(logDir.toString())
                .run();
    }
}
