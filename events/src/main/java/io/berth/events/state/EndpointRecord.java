package io.berth.events.state;

import io.berth.events.spec.PortBinding;

import java.util.List;

/**
 * A container's address on a network (Hazelcast {@code endpoints} map, keyed by {@link #key()}): leased by the
 * node agent that runs it at its first start, kept across restarts, released when it is removed. A container on
 * several networks has one per network, each on its own interface.
 *
 * @param containerId  64 hex characters
 * @param nodeId       the node whose agent leased it
 * @param network      the network's name ({@code bridge} for a node's default bridge)
 * @param address      the IPv4 address
 * @param prefixLength the subnet's prefix length
 * @param gateway      the default gateway (the bridge's address)
 * @param macAddress   the endpoint's MAC address
 * @param ports        its published ports with the host ports the node took, chosen at each start
 * @param iface        the container's interface ({@code eth0}, {@code eth1} …); absent in records of versions that
 *                     knew one network only, whose endpoint was always {@code eth0}
 */
public record EndpointRecord(String containerId, String nodeId, String network, String address, int prefixLength,
                             String gateway, String macAddress, List<PortBinding> ports, String iface) {

    /** Most interfaces one container has: {@code eth0} … {@code eth9}. */
    public static final int MAX_INTERFACES = 10;

    /** On {@code eth0}. */
    public EndpointRecord(String containerId, String nodeId, String network, String address, int prefixLength,
                          String gateway, String macAddress, List<PortBinding> ports) {
        this(containerId, nodeId, network, address, prefixLength, gateway, macAddress, ports, "eth0");
    }

    public EndpointRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
        iface = iface == null || iface.isEmpty() ? "eth0" : iface;
    }

    /** The same lease publishing {@code published}. */
    public EndpointRecord withPorts(List<PortBinding> published) {
        return new EndpointRecord(containerId, nodeId, network, address, prefixLength, gateway, macAddress, published,
                iface);
    }

    /** The same lease on interface {@code name}. */
    public EndpointRecord onInterface(String name) {
        return new EndpointRecord(containerId, nodeId, network, address, prefixLength, gateway, macAddress, ports, name);
    }

    /** Its key in {@code endpoints}: the container id for {@code eth0} (as before), {@code <id>/ethN} for others. */
    public String key() {
        return key(containerId, iface);
    }

    /** The key of {@code containerId}'s endpoint on interface {@code iface}. */
    public static String key(String containerId, String iface) {
        return iface.equals("eth0") ? containerId : containerId + "/" + iface;
    }

    /** Every key one container's endpoints may have, {@code eth0}'s first. */
    public static java.util.Set<String> keys(String containerId) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < MAX_INTERFACES; i++) {
            out.add(key(containerId, "eth" + i));
        }
        return out;
    }
}
