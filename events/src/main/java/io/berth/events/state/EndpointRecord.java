package io.berth.events.state;

import io.berth.events.spec.PortBinding;

import java.util.List;

/**
 * A container's address on a network (Hazelcast {@code endpoints} map, keyed by container id): leased by the
 * node agent that runs it at its first start, kept across restarts, released when it is removed.
 *
 * @param containerId  64 hex characters
 * @param nodeId       the node whose agent leased it
 * @param network      the network's name ({@code bridge} for a node's default bridge)
 * @param address      the IPv4 address
 * @param prefixLength the subnet's prefix length
 * @param gateway      the default gateway (the bridge's address)
 * @param macAddress   the endpoint's MAC address
 * @param ports        its published ports with the host ports the node took, chosen at each start
 */
public record EndpointRecord(String containerId, String nodeId, String network, String address, int prefixLength,
                             String gateway, String macAddress, List<PortBinding> ports) {

    public EndpointRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** The same lease publishing {@code published}. */
    public EndpointRecord withPorts(List<PortBinding> published) {
        return new EndpointRecord(containerId, nodeId, network, address, prefixLength, gateway, macAddress, published);
    }
}
