package io.berth.deploy.options;

import io.berth.gateway.http.ApiTls;
import io.berth.scheduler.placement.Strategy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the all-in-one launcher needs to know, after flags and environment are resolved.
 *
 * @param dataRoot            the one directory holding every piece of state (kafka, images, nodes, lock)
 * @param socket              Unix socket for the API, or null for none
 * @param tcp                 TCP address for the API, or null for none
 * @param nodeId              this host's node id
 * @param kafkaBootstrap      an external Kafka's bootstrap servers, or null to run the embedded broker
 * @param hazelcastMembers    an external Hazelcast cluster's members; empty to run an embedded member
 * @param clusterName         the Hazelcast cluster name
 * @param kafkaPort           embedded broker's client port
 * @param kafkaControllerPort embedded broker's KRaft controller port
 * @param hazelcastPort       embedded member's port
 * @param registryPort        image store port (0: any free one)
 * @param agentPort           node agent stream endpoint port (0: any free one)
 * @param busybox             static busybox the image store seeds {@code busybox:latest} from
 * @param role                which part of Berth this process runs
 * @param registryUrl         roles agent and gateway: the image store's base URL; null for the process's own image store
 * @param nodeLabels          this node's labels, which placement constraints ({@code node.labels.KEY}) read
 * @param strategy            the scheduler's default placement strategy
 * @param advertiseAddress    the address this process's listeners bind to and announce
 * @param nodeGraceMillis     how long a node may miss heartbeats before the scheduler marks it down
 * @param cgroupParent        the cgroup the node agent puts containers' cgroups under
 * @param kafkaQuorum         the KRaft quorum the embedded broker belongs to ({@link KafkaQuorum#ALONE} by default)
 * @param hazelcastJoin       the other control hosts' embedded members this member joins; empty to stay alone
 * @param tls                 mutual TLS for the TCP listener, or null for plain HTTP (loopback only)
 * @param insecureTcp         the operator allowed plain HTTP on a non-loopback --tcp ({@code --insecure-tcp})
 * @param socketGroup         the API socket's group besides root, or null for root's own
 * @param userNamespaces      each container in a user namespace of its own (false: {@code --no-userns})
 * @param commandPartitions   partitions of {@code container-commands} when this process creates the topic
 */
public record LaunchOptions(Path dataRoot, Path socket, HostPort tcp, String nodeId, String kafkaBootstrap,
                            List<String> hazelcastMembers, String clusterName, int kafkaPort,
                            int kafkaControllerPort, int hazelcastPort, int registryPort, int agentPort,
                            Path busybox, Role role, String registryUrl, Map<String, String> nodeLabels,
                            Strategy strategy, String advertiseAddress, long nodeGraceMillis, String cgroupParent,
                            KafkaQuorum kafkaQuorum, List<String> hazelcastJoin, ApiTls tls, boolean insecureTcp,
                            String socketGroup, boolean userNamespaces, int commandPartitions) {

    public LaunchOptions {
        hazelcastMembers = List.copyOf(hazelcastMembers);
        kafkaQuorum = kafkaQuorum == null ? KafkaQuorum.ALONE : kafkaQuorum;
        hazelcastJoin = hazelcastJoin == null ? List.of() : List.copyOf(hazelcastJoin);
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
        strategy = strategy == null ? Strategy.SPREAD : strategy;
    }

    public boolean embeddedKafka() {
        return kafkaBootstrap == null;
    }

    public boolean embeddedHazelcast() {
        return hazelcastMembers.isEmpty();
    }

    /** The bootstrap servers every service uses: the external ones, or the embedded broker's listener. */
    public String effectiveKafkaBootstrap() {
        return embeddedKafka() ? advertiseAddress + ":" + kafkaPort : kafkaBootstrap;
    }

    public Path kafkaDir() {
        return dataRoot.resolve("kafka");
    }

    public Path imagesDir() {
        return dataRoot.resolve("images");
    }

    public Path nodeDir() {
        return dataRoot.resolve("nodes").resolve(nodeId);
    }

    /**
     * The data root's lock; a node agent of its own locks only its node's directory and a gateway of its own only
     * {@code gateway.lock}, so either may share a root with the process it joins.
     */
    public Path lockFile() {
        return switch (role) {
            case AGENT -> agentLockFile();
            case GATEWAY -> dataRoot.resolve("gateway.lock");
            default -> dataRoot.resolve("berth.lock");
        };
    }

    /** Held by whichever process runs this node's agent, so two agents never adopt the same containers. */
    public Path agentLockFile() {
        return nodeDir().resolve("agent.lock");
    }
}
