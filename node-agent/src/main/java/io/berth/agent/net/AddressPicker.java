package io.berth.agent.net;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import java.util.Collection;
import java.util.Optional;

/** The lowest free container address of a subnet: never the network address, the gateway (.1) or broadcast. */
public final class AddressPicker {

    public static Optional<Ipv4> pick(Ipv4Cidr subnet, Collection<Ipv4> used) {
        for (long n = 2; n < subnet.size() - 1; n++) {
            Ipv4 candidate = subnet.host(n);
            if (!used.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The gateway: the subnet's first host address, which the bridge carries. */
    public static Ipv4 gateway(Ipv4Cidr subnet) {
        return subnet.host(1);
    }

    /** dockerd's MAC for an address: 02:42 followed by the four octets. */
    public static String mac(Ipv4 ip) {
        return String.format("02:42:%02x:%02x:%02x:%02x", ip.octet(0), ip.octet(1), ip.octet(2), ip.octet(3));
    }

    private AddressPicker() {
    }
}
