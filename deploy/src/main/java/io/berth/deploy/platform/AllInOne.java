package io.berth.deploy.platform;

import com.hazelcast.core.HazelcastInstance;
import io.berth.agent.AgentConfig;
import io.berth.agent.NodeAgent;
import io.berth.deploy.hazelcast.EmbeddedHazelcast;
import io.berth.deploy.hazelcast.HazelcastClients;
import io.berth.deploy.kafka.EmbeddedKafka;
import io.berth.deploy.kafka.TopicSetup;
import io.berth.deploy.options.KafkaQuorum;
import io.berth.deploy.options.LaunchOptions;
import io.berth.gateway.Gateway;
import io.berth.gateway.GatewayConfig;
import io.berth.imagestore.ImageStore;
import io.berth.imagestore.ImageStoreConfig;
import io.berth.scheduler.Scheduler;
import io.berth.scheduler.SchedulerConfig;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole platform in one process, as an ordered list of stages: lock, Kafka, topics, Hazelcast, Vert.x,
 * image store, scheduler, node agent, gateway. Each stage uses what the ones before it made. The role picks a
 * part of the list: {@code control} leaves out the node agent, {@code agent} keeps only the lock, the Hazelcast
 * client, Vert.x and the node agent, {@code core} leaves out the gateway, {@code gateway} keeps only the lock, the
 * Hazelcast client, Vert.x and the gateway, {@code broker} only the lock, Kafka and topics, {@code member} only the
 * lock and the Hazelcast member, {@code registry} only the lock, Vert.x and the image store. Given
 * {@code --registry-url}, a control plane runs no image store of its own.
 */
public final class AllInOne {
    /** A node whose heartbeat is older than this is not placed on. */
    public static final Duration NODE_TTL = Duration.ofSeconds(10);
    private static final Duration CLUSTER_CONNECT = Duration.ofSeconds(60);

    private final LaunchOptions options;
    private DataRootLock lock;
    private DataRootLock agentLock;
    private EmbeddedKafka kafka;
    private HazelcastInstance hazelcast;
    private Vertx vertx;
    private ImageStore imageStore;
    private Scheduler scheduler;
    private NodeAgent agent;
    private Gateway gateway;
    private ProcessMeters meters;

    public AllInOne(LaunchOptions options) {
        this.options = options;
    }

    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        stages.add(Stage.of("lock " + options.lockFile(),
                () -> lock = DataRootLock.acquire(options.lockFile()), () -> lock.close()));
        boolean control = options.role().runsControlPlane();
        if (control && options.role().runsAgent()) {
            // also kept out: a node agent process started on this data root with the same node id
            stages.add(Stage.of("lock " + options.agentLockFile(),
                    () -> agentLock = DataRootLock.acquire(options.agentLockFile()), () -> agentLock.close()));
        }
        boolean broker = options.role().runsBroker();
        if (broker && options.embeddedKafka()) {
            stages.add(Stage.of("kafka " + options.advertiseAddress() + ":" + options.kafkaPort(), () -> {
                kafka = new EmbeddedKafka(options.kafkaDir(), options.advertiseAddress(), options.kafkaPort(),
                        options.kafkaControllerPort(), options.kafkaQuorum(), options.kafkaQuorum().alone() ? null
                                : KafkaQuorum.clusterId(options.clusterName()));
                kafka.start();
            }, () -> kafka.stop()));
        }
        if (broker) {
            KafkaQuorum quorum = options.kafkaQuorum();
            stages.add(Stage.of("topics", () -> {
                if (options.embeddedKafka() && !quorum.alone()) {
                    TopicSetup.ensure(options.effectiveKafkaBootstrap(), CLUSTER_CONNECT,
                            Optional.of(quorum.replicationFactor()), quorum.minInsyncReplicas(),
                            options.commandPartitions());
                } else {
                    TopicSetup.ensure(options.effectiveKafkaBootstrap(), CLUSTER_CONNECT, Optional.empty(), 0,
                            options.commandPartitions());
                }
            }, () -> { }));
        }
        if (options.role().usesHazelcast()) {
            stages.add(hazelcast());
        }
        if (!options.role().runsServices()) {
            return stages;
        }
        stages.add(Stage.of("metrics", () -> meters = new ProcessMeters(), () -> meters.close()));
        stages.add(Stage.of("vertx", () -> vertx = NativeVertx.create(meters.registry()),
                () -> Await.result(vertx.close())));
        if (options.role().runsImageStore() && options.registryUrl() == null) {
            stages.add(imageStore());
        }
        if (control) {
            controlServices(stages);
        }
        if (options.role().runsAgent()) {
            stages.add(Stage.of("node-agent " + options.nodeId(), () -> {
                agent = new NodeAgent(vertx, new AgentConfig(options.nodeId(), options.nodeDir(),
                        options.effectiveKafkaBootstrap(), registryUrl(), options.advertiseAddress(), options.agentPort(),
                        options.nodeLabels(), options.cgroupParent(), options.userNamespaces()),
                        hazelcast, meters.registry());
                Await.result(agent.start());
            }, () -> Await.result(agent.stop())));
        }
        if (options.role().runsGateway()) {
            stages.add(gateway());
        }
        return stages;
    }

    private Stage hazelcast() {
        return options.embeddedHazelcast()
                ? Stage.of("hazelcast member " + options.advertiseAddress() + ":" + options.hazelcastPort(),
                        () -> hazelcast = EmbeddedHazelcast.start(options.clusterName(), options.advertiseAddress(),
                                options.hazelcastPort(), options.hazelcastJoin()),
                        () -> hazelcast.shutdown())
                : Stage.of("hazelcast client " + options.hazelcastMembers(),
                        () -> hazelcast = HazelcastClients.connect(options.clusterName(), options.hazelcastMembers(),
                                CLUSTER_CONNECT),
                        () -> hazelcast.shutdown());
    }

    private Stage imageStore() {
        return Stage.of("image-store", () -> {
            imageStore = new ImageStore(vertx, new ImageStoreConfig(options.imagesDir(), options.advertiseAddress(),
                    options.registryPort(), options.busybox(), announceTo()), meters.registry());
            Await.result(imageStore.start());
        }, () -> Await.result(imageStore.stop()));
    }

    /**
     * Where the image store announces changes: the platform's Kafka where this process has one (embedded or
     * external); a {@code --role registry} process only when given {@code --kafka}, else nowhere (gateways then
     * walk it per call, as they do an external registry).
     */
    private String announceTo() {
        return options.role().runsBroker() ? options.effectiveKafkaBootstrap() : options.kafkaBootstrap();
    }

    private void controlServices(List<Stage> stages) {
        stages.add(Stage.of("scheduler", () -> {
            scheduler = new Scheduler(vertx, new SchedulerConfig(options.effectiveKafkaBootstrap(), options.nodeId(),
                    NODE_TTL.toMillis(), options.strategy(), options.nodeGraceMillis()), hazelcast, meters.registry());
            Await.result(scheduler.start());
        }, () -> Await.result(scheduler.stop())));
    }

    private Stage gateway() {
        return Stage.of("gateway", () -> {
            if (options.tls() != null) {
                options.tls().requireReadable();
            }
            if (options.socket() != null) {
                SocketFile.prepare(options.socket());
            }
            gateway = new Gateway(vertx, new GatewayConfig(options.effectiveKafkaBootstrap(), registryUrl(),
                    options.socket(), options.tcp() == null ? null : options.tcp().host(),
                    options.tcp() == null ? 0 : options.tcp().port(), options.nodeId(), options.tls(),
                    options.socketGroup(), options.userNamespaces()), hazelcast, meters.registry());
            Await.result(gateway.start());
        }, () -> {
            try {
                Await.result(gateway.stop());
            } finally {
                if (options.socket() != null) {
                    SocketFile.remove(options.socket());
                }
            }
        });
    }

    /** Where node agents and the gateway reach the image store (its bound port, once it has started). */
    public String registryUrl() {
        return options.registryUrl() != null ? options.registryUrl()
                : "http://" + options.advertiseAddress() + ":" + imageStore.port();
    }

    /** The line printed once every stage is up. */
    public String readyLine() {
        return switch (options.role()) {
            case AGENT -> "berth: ready as node agent " + options.nodeId() + " (stream endpoint "
                    + options.advertiseAddress() + ":"
                    + options.agentPort() + ")";
            case BROKER -> "berth: ready as kafka broker " + options.kafkaQuorum().nodeId() + " on "
                    + options.effectiveKafkaBootstrap();
            case REGISTRY -> "berth: ready as image store on " + registryUrl();
            case MEMBER -> "berth: ready as hazelcast member " + options.advertiseAddress() + ":"
                    + options.hazelcastPort();
            case CORE -> "berth: ready as core of node " + options.nodeId() + " (no Docker API: run --role gateway)";
            default -> "berth: ready on " + apiAddresses();
        };
    }

    /** The addresses the API answers on, for the ready line. */
    public String apiAddresses() {
        List<String> addresses = new ArrayList<>();
        if (options.socket() != null) {
            addresses.add("unix://" + options.socket());
        }
        if (options.tcp() != null) {
            addresses.add("tcp://" + options.tcp() + (options.tls() != null ? " (mutual TLS)"
                    : options.insecureTcp() ? " (WITHOUT TLS, --insecure-tcp: whoever reaches it is root on every "
                    + "node)" : ""));
        }
        return String.join(" and ", addresses);
    }
}
