package io.berth.scheduler.placement;

import io.berth.events.spec.PortBinding;
import io.berth.events.state.Capacity;
import io.berth.events.state.HostPortClaim;
import io.berth.events.state.NodeRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static io.berth.scheduler.placement.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortsTest {
    private final Placer placer = new Placer(TTL);

    private static PlacementRequest publishing(String id, PortBinding... bindings) {
        return new PlacementRequest(id, new Capacity(0, 0, 1)).withHostPorts(HostPortClaim.of(id, List.of(bindings)));
    }

    private static PortBinding tcp(String ip, int port) {
        return new PortBinding(ip, port, port, 80, "tcp");
    }

    private static NodeRecord holding(String id, HostPortClaim... claims) {
        return node(id, 8).withHostPorts(List.of(claims));
    }

    @Test
    void aNodeHoldingTheHostPortIsPassedOver() {
        Placement p = placer.place(snapshot(holding("n1", new HostPortClaim("a", "", 18081, "tcp")), node("n2", 8)),
                publishing("b", tcp("", 18081)));
        assertEquals(Placement.on("n2"), p);
    }

    @Test
    void noNodeWithThePortFreeIsRefusedInDockerdsWords() {
        Placement p = placer.place(snapshot(holding("n1", new HostPortClaim("a", "", 18081, "tcp")),
                holding("n2", new HostPortClaim("b", "127.0.0.1", 18081, "tcp"))), publishing("c", tcp("", 18081)));
        assertFalse(p.placed());
        assertEquals("unschedulable: no node has the published host ports free (2 nodes: "
                + "2 Bind for 0.0.0.0:18081 failed: port is already allocated)", p.reason());
    }

    @Test
    void addressesOverlapOnlyWhenEqualOrOneIsEveryAddress() {
        HostPortClaim all = new HostPortClaim("a", "0.0.0.0", 8080, "tcp");
        HostPortClaim loopback = new HostPortClaim("b", "127.0.0.1", 8080, "tcp");
        assertEquals("", all.hostIp());
        assertTrue(all.overlaps(loopback));
        assertTrue(loopback.overlaps(all));
        assertTrue(loopback.overlaps(new HostPortClaim("c", "127.0.0.1", 8080, "tcp")));
        assertFalse(loopback.overlaps(new HostPortClaim("c", "127.0.0.2", 8080, "tcp")));
        assertFalse(all.overlaps(new HostPortClaim("c", "", 8080, "udp")));
        assertFalse(all.overlaps(new HostPortClaim("c", "", 8081, "tcp")));
    }

    @Test
    void otherProtocolsAndDistinctAddressesShareANode() {
        NodeRecord n1 = holding("n1", new HostPortClaim("a", "127.0.0.1", 53, "udp"));
        assertEquals(Placement.on("n1"), placer.place(snapshot(n1), publishing("b",
                new PortBinding("", 53, 53, 53, "tcp"), new PortBinding("127.0.0.2", 53, 53, 53, "udp"))));
        assertFalse(placer.place(snapshot(n1), publishing("c", new PortBinding("", 53, 53, 53, "udp"))).placed());
    }

    @Test
    void onlyPortsAskedByNumberAreClaimed() {
        List<HostPortClaim> claims = HostPortClaim.of("c", List.of(tcp("", 8080), new PortBinding("", 0, 0, 81, "tcp"),
                new PortBinding("", 9000, 9010, 82, "tcp"), tcp("127.0.0.1", 8080), tcp("", 8080)));
        assertEquals(List.of(new HostPortClaim("c", "", 8080, "tcp"), new HostPortClaim("c", "127.0.0.1", 8080, "tcp")),
                claims);
    }

    @Test
    void aContainersOwnClaimNeverRefusesIt() {
        // a replayed create re-checks the node that already holds its port
        NodeRecord n1 = holding("n1", new HostPortClaim("a", "", 8080, "tcp"));
        assertTrue(placer.rejection(n1, publishing("a", tcp("", 8080)), Nodes.NOW).isEmpty());
        assertEquals("Bind for 0.0.0.0:8080 failed: port is already allocated",
                placer.rejection(n1, publishing("b", tcp("", 8080)), Nodes.NOW).orElseThrow());
    }
}
