package io.berth.events.state;

import io.berth.events.spec.PortBinding;

import java.util.ArrayList;
import java.util.List;

/**
 * A host port one container holds on its node ({@code nodes} map, {@code hostPorts}): claimed by the scheduler with
 * the rest of the container's reservation, given back when the container is removed. Only ports asked by number
 * are claimed; ephemeral ones and ranges are chosen by the node, which keeps clear of the claimed ones.
 *
 * @param containerId the holder
 * @param hostIp      the address it listens on; empty for every address of the node ({@code 0.0.0.0})
 * @param port        the host port
 * @param protocol    {@code tcp} or {@code udp}
 */
public record HostPortClaim(String containerId, String hostIp, int port, String protocol) {

    public HostPortClaim {
        hostIp = hostIp == null || hostIp.equals("0.0.0.0") ? "" : hostIp;
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
    }

    /** The claims of a container's bindings: those asking one host port by number. */
    public static List<HostPortClaim> of(String containerId, List<PortBinding> bindings) {
        List<HostPortClaim> out = new ArrayList<>();
        for (PortBinding b : bindings) {
            if (b.hostPort() > 0 && b.hostPortEnd() == b.hostPort()) {
                HostPortClaim claim = new HostPortClaim(containerId, b.hostIp(), b.hostPort(), b.protocol());
                if (!out.contains(claim)) {
                    out.add(claim);
                }
            }
        }
        return out;
    }

    /**
     * Whether the two cannot both be bound on one node: the same protocol and port on overlapping addresses (all
     * addresses overlap every one), as the kernel's bind refuses them.
     */
    public boolean overlaps(String otherIp, int otherPort, String otherProtocol) {
        String ip = otherIp == null || otherIp.equals("0.0.0.0") ? "" : otherIp;
        return port == otherPort && protocol.equals(otherProtocol == null || otherProtocol.isEmpty() ? "tcp" : otherProtocol)
                && (hostIp.isEmpty() || ip.isEmpty() || hostIp.equals(ip));
    }

    public boolean overlaps(HostPortClaim other) {
        return overlaps(other.hostIp, other.port, other.protocol);
    }

    /** dockerd's words for the address: {@code 0.0.0.0:8080}. */
    public String address() {
        return (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + port;
    }
}
