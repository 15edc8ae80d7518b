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
 */
public record AgentConfig(String nodeId, Path root, String kafkaBootstrap, String registryUrl, String advertiseHost,
                          int port, Map<String, String> labels) {
}
