package io.berth.events.net;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressRequestTest {
    private static final Ipv4Cidr SUBNET = Ipv4Cidr.parse("10.77.0.0/24");
    private static final Ipv4 GATEWAY = Ipv4.parse("10.77.0.1");

    private static Optional<String> ask(String ip, String... used) {
        return AddressRequest.refusal(SUBNET, GATEWAY, Ipv4.parse(ip),
                java.util.Arrays.stream(used).map(Ipv4::parse).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aFreeHostAddressOfTheSubnetIsGiven() {
        assertEquals(Optional.empty(), ask("10.77.0.50", "10.77.0.2"));
        assertEquals(Optional.empty(), ask("10.77.0.254"));
    }

    @Test
    void outsideTheSubnetOrItsNetworkAndBroadcastAddressesAreRefused() {
        for (String ip : Set.of("10.78.0.5", "10.77.0.0", "10.77.0.255")) {
            assertEquals(Optional.of("no configured subnet or ip-range contain the IP address " + ip), ask(ip), ip);
        }
    }

    @Test
    void theGatewayOrAnotherContainersAddressIsInUse() {
        assertEquals(Optional.of("Address already in use"), ask("10.77.0.1"));
        assertEquals(Optional.of("Address already in use"), ask("10.77.0.50", "10.77.0.50"));
    }
}
