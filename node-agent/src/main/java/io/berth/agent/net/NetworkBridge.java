package io.berth.agent.net;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;

/**
 * A user-defined network's bridge on this node.
 *
 * @param network  the network's name
 * @param id       the network's id (a recreated network of the same name is another bridge)
 * @param device   the Linux bridge, {@code bn<tag><6 of the id>}
 * @param subnet   the network's subnet
 * @param gateway  the bridge's address: the containers' route and DNS server
 * @param internal nothing leaves the bridge and nothing is masqueraded
 * @param mtu      the MTU of its veths: the overlay's when a VXLAN device carries it to other nodes, else 0 (the default)
 */
public record NetworkBridge(String network, String id, String device, Ipv4Cidr subnet, Ipv4 gateway, boolean internal,
                            int mtu) {

    /** A bridge no VXLAN device carries. */
    public NetworkBridge(String network, String id, String device, Ipv4Cidr subnet, Ipv4 gateway, boolean internal) {
        this(network, id, device, subnet, gateway, internal, 0);
    }
}
