package io.berth.gateway;

import io.berth.gateway.http.ApiTls;

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
 * @param tls            mutual TLS for the TCP listener, or null for plain HTTP (the launcher allows that on loopback only)
 * @param socketGroup    the group that may use the socket besides root (mode 0660), or null for root's own group
 * @param userNamespaces the platform's node agents give each container a user namespace ({@code docker info})
 */
public record GatewayConfig(String kafkaBootstrap, String registryUrl, Path socket, String tcpHost, int tcpPort,
                            String instanceId, ApiTls tls, String socketGroup, boolean userNamespaces) {

    /** With user namespaces on, the platform's default. */
    public GatewayConfig(String kafkaBootstrap, String registryUrl, Path socket, String tcpHost, int tcpPort,
                         String instanceId, ApiTls tls, String socketGroup) {
        this(kafkaBootstrap, registryUrl, socket, tcpHost, tcpPort, instanceId, tls, socketGroup, true);
    }

    /** A gateway with plain TCP (if any) and a root-only socket. */
    public GatewayConfig(String kafkaBootstrap, String registryUrl, Path socket, String tcpHost, int tcpPort,
                         String instanceId) {
        this(kafkaBootstrap, registryUrl, socket, tcpHost, tcpPort, instanceId, null, null);
    }
}
