package io.berth.gateway;

import java.nio.file.Path;

/**
 * How a gateway runs.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param registryUrl    base URL of the image store ({@code http://127.0.0.1:5000})
 * @param socket         Unix socket to serve the API on, or null for none
 * @param tcpHost        TCP address to serve on, or null for none
 * @param tcpPort        TCP port (with tcpHost)
 * @param instanceId     unique name of this instance
 */
public record GatewayConfig(String kafkaBootstrap, String registryUrl, Path socket, String tcpHost, int tcpPort,
                            String instanceId) {
}
