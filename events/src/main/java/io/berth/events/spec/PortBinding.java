package io.berth.events.spec;

/**
 * A published port: the container's {@code containerPort/protocol} reached at {@code hostIp:hostPort} on its node.
 * As asked at create, {@code hostPort..hostPortEnd} is the range to take one from (0: any free ephemeral port);
 * once the node has chosen, both are the port it took.
 *
 * @param hostIp        the host address it listens on; empty for all of the node's addresses
 * @param hostPort      the first acceptable host port, 0 for any
 * @param hostPortEnd   the last acceptable host port (equal to {@code hostPort} for one port)
 * @param containerPort the port inside the container
 * @param protocol      {@code tcp} or {@code udp}
 */
public record PortBinding(String hostIp, int hostPort, int hostPortEnd, int containerPort, String protocol) {

    public PortBinding {
        hostIp = hostIp == null ? "" : hostIp;
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
        if (hostPortEnd < hostPort) {
            hostPortEnd = hostPort;
        }
    }

    /** The same binding with the host port the node took. */
    public PortBinding at(int port) {
        return new PortBinding(hostIp, port, port, containerPort, protocol);
    }

    /** Docker's key for the container side: {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol;
    }
}
