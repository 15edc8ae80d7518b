package io.berth.events.net;

import java.util.Collection;
import java.util.Optional;

/**
 * Whether an address a user asked for ({@code --ip}, {@code network connect --ip}) can be given on a network, in
 * dockerd's words when not. The one check every allocator of a network's addresses calls before it leases an asked
 * address: the gateway at create and connect (subnet, gateway), the node agent at start (also the addresses leased).
 */
public final class AddressRequest {

    /**
     * @param subnet  the network's subnet
     * @param gateway its gateway (the bridge's own address)
     * @param asked   the address asked for
     * @param used    the addresses other containers hold on the network
     * @return why it cannot be given, or empty
     */
    public static Optional<String> refusal(Ipv4Cidr subnet, Ipv4 gateway, Ipv4 asked, Collection<Ipv4> used) {
        if (!subnet.contains(asked) || asked.equals(subnet.base()) || asked.equals(subnet.last())) {
            return Optional.of("no configured subnet or ip-range contain the IP address " + asked);
        }
        if (asked.equals(gateway) || used.contains(asked)) {
            return Optional.of("Address already in use");
        }
        return Optional.empty();
    }

    /** dockerd's refusal of a fixed address anywhere but on a user-defined network. */
    public static final String USER_NETWORKS_ONLY = "user specified IP address is supported on user defined networks only";

    private AddressRequest() {
    }
}
