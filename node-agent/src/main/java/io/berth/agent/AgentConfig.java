package io.berth.agent;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a node agent runs.
 *
 * @param nodeId         this node's id in the cluster
 * @param root           its own data directory (layers, containers, runtime state); created if missing
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param registryUrl    base URL of the image store it pulls layers from
 * @param advertiseHost  address other services reach its stream endpoint at
 * @param port           stream endpoint port, 0 for any free one
 * @param labels         node labels, for placement constraints
 * @param cgroupParent   the cgroup containers' cgroups sit under ({@code berth}); distinct per node when several
 *                       agents share one host's cgroup tree
 * @param userNamespaces each container gets a user namespace of its own (its opt-outs aside); false on a kernel
 *                       without idmapped mounts (the launcher's {@code --no-userns})
 */
public record AgentConfig(String nodeId, Path root, String kafkaBootstrap, String registryUrl, String advertiseHost,
                          int port, Map<String, String> labels, String cgroupParent, boolean userNamespaces) {

    public AgentConfig {
        cgroupParent = cgroupParent == null || cgroupParent.isEmpty() ? "berth" : cgroupParent;
    }

    public AgentConfig(String nodeId, Path root, String kafkaBootstrap, String registryUrl, String advertiseHost,
                       int port, Map<String, String> labels) {
        this(nodeId, root, kafkaBootstrap, registryUrl, advertiseHost, port, labels, null);
    }

    /** With user namespaces on. */
    public AgentConfig(String nodeId, Path root, String kafkaBootstrap, String registryUrl, String advertiseHost,
                       int port, Map<String, String> labels, String cgroupParent) {
        this(nodeId, root, kafkaBootstrap, registryUrl, advertiseHost, port, labels, cgroupParent, true);
    }
}
