package io.berth.agent.net;

import io.berth.events.net.Ipv4Cidr;
import io.berth.events.spec.PortBinding;
import io.berth.events.state.HostPortClaim;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortPickerTest {

    private static List<HostPortClaim> held(String ip, int... ports) {
        return java.util.Arrays.stream(ports).mapToObj(p -> new HostPortClaim("other", ip, p, "tcp")).toList();
    }

    @Test
    void aPortHeldOnAnotherAddressIsFreeHereButEveryAddressOverlapsAll() throws Exception {
        PortBinding loopback = new PortBinding("127.0.0.1", 18080, 18080, 80, "tcp");
        assertEquals(List.of(loopback), PortPicker.pick(List.of(loopback), held("127.0.0.2", 18080), b -> true));
        assertThrows(PortPicker.Taken.class, () -> PortPicker.pick(List.of(loopback), held("", 18080), b -> true));
        assertThrows(PortPicker.Taken.class, () -> PortPicker.pick(List.of(new PortBinding("", 18080, 18080, 80, "tcp")),
                held("127.0.0.1", 18080), b -> true));
    }

    @Test
    void ephemeralPortsKeepClearOfPortsTheSchedulerClaimed() throws Exception {
        // 32768 is claimed for a container placed here but not started yet
        assertEquals(32769, PortPicker.pick(List.of(new PortBinding("", 0, 0, 80, "tcp")), held("", 32768), b -> true)
                .get(0).hostPort());
    }

    @Test
    void anAskedPortIsTakenAsAskedAndATakenOneIsRefusedWithDockersText() throws Exception {
        PortBinding asked = new PortBinding("127.0.0.1", 18080, 18080, 8080, "tcp");
        assertEquals(List.of(asked), PortPicker.pick(List.of(asked), List.of(), b -> true));
        PortPicker.Taken taken = assertThrows(PortPicker.Taken.class,
                () -> PortPicker.pick(List.of(asked), held("", 18080), b -> true));
        assertEquals("Bind for 127.0.0.1:18080 failed: port is already allocated", taken.getMessage());
        // a host process listening on it counts too
        assertThrows(PortPicker.Taken.class, () -> PortPicker.pick(List.of(asked), List.of(), b -> false));
        // udp on the same number is another port
        assertEquals(1, PortPicker.pick(List.of(new PortBinding("", 18080, 18080, 53, "udp")), held("", 18080), b -> true).size());
    }

    @Test
    void ephemeralPortsStartAt32768AndTwoBindingsOfOneContainerNeverShare() throws Exception {
        List<PortBinding> picked = PortPicker.pick(List.of(new PortBinding("", 0, 0, 80, "tcp"),
                new PortBinding("", 0, 0, 81, "tcp")), held("", 32768), b -> true);
        assertEquals(List.of(32769, 32770), picked.stream().map(PortBinding::hostPort).toList());
    }

    @Test
    void aRangeGivesItsFirstFreePort() throws Exception {
        PortBinding range = new PortBinding("", 8000, 8002, 80, "tcp");
        assertEquals(8002, PortPicker.pick(List.of(range), held("", 8000), b -> b.hostPort() != 8001).get(0).hostPort());
        PortPicker.Taken none = assertThrows(PortPicker.Taken.class,
                () -> PortPicker.pick(List.of(range), held("", 8000, 8001, 8002), b -> true));
        assertTrue(none.getMessage().contains("0.0.0.0:8000-8002"), none.getMessage());
    }

    @Test
    void rulesDnatEachPublishedPortForArrivingAndLocalTraffic() {
        String script = BridgeRules.table("berth_t", "bertht", Ipv4Cidr.parse("10.87.0.0/24"), List.of(
                new Published("10.87.0.2", new PortBinding("127.0.0.1", 18080, 18080, 8080, "tcp")),
                new Published("10.87.0.3", new PortBinding("", 32768, 32768, 53, "udp"))));
        assertEquals(2, script.lines().filter(l -> l.contains("ip daddr 127.0.0.1 tcp dport 18080 dnat to 10.87.0.2:8080")).count());
        assertEquals(2, script.lines().filter(l -> l.contains("fib daddr type local udp dport 32768 dnat to 10.87.0.3:53")).count());
        assertTrue(script.contains("ip saddr 127.0.0.0/8 oifname \"bertht\" masquerade"));
    }
}
