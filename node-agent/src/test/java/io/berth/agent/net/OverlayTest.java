package io.berth.agent.net;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlayTest {
    private static final String ID = "0000001" + "e".repeat(57);
    private static final NetworkBridge BRIDGE = new NetworkBridge("net", ID, "bnabc123000000",
            Ipv4Cidr.parse("10.87.5.0/24"), Ipv4.parse("10.87.5.1"), false, 1450);
    private static final OverlayEntries.Entries ONE_PEER = new OverlayEntries.Entries(
            Set.of(new OverlayEntries.Fdb("00:00:00:00:00:00", "192.0.2.3"),
                    new OverlayEntries.Fdb("02:42:0a:57:05:03", "192.0.2.3")),
            Set.of(new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")));

    private final RecordingNetTool tool = new RecordingNetTool();
    private final NetNames names = new NetNames("abc123");

    @Test
    void aNewDeviceGetsTheNetworksVniTheNodesAddressAndTheUnderlayMtuLessFifty() throws Exception {
        tool.fail(c -> c.startsWith("ip link show bx"), "Device \"bxabc123000000\" does not exist.");
        Overlay overlay = new Overlay(tool, names, "192.0.2.2", new NetworkVnis(new ConcurrentHashMap<>()));
        assertEquals(1450, overlay.mtu(), "eth0 holds 192.0.2.2; its MTU is 1500 unless told (fallback)");
        overlay.up(BRIDGE);
        assertTrue(tool.commands.contains("ip link add bxabc123000000 type vxlan id 2 local 192.0.2.2 dstport 4789"
                + " nolearning proxy"), tool.commands.toString());
        assertTrue(tool.commands.contains("ip link set bxabc123000000 mtu 1450 master bnabc123000000"));
        assertTrue(tool.commands.contains("ip link set bxabc123000000 up"));

        tool.commands.clear();
        overlay.program(BRIDGE, ONE_PEER);
        assertEquals(List.of(
                "bridge fdb append 00:00:00:00:00:00 dev bxabc123000000 dst 192.0.2.3 self permanent",
                "bridge fdb replace 02:42:0a:57:05:03 dev bxabc123000000 dst 192.0.2.3 self permanent",
                "ip neigh replace 10.87.5.3 lladdr 02:42:0a:57:05:03 dev bxabc123000000 nud permanent"), tool.commands);
        tool.commands.clear();
        overlay.program(BRIDGE, ONE_PEER);
        assertEquals(List.of(), tool.commands, "nothing changed, nothing issued");
        overlay.program(BRIDGE, OverlayEntries.Entries.NONE);
        assertEquals(3, tool.commands.size(), "the peer's node went down: its three entries go " + tool.commands);

        tool.commands.clear();
        overlay.down(BRIDGE);
        assertEquals(List.of("ip link del bxabc123000000"), tool.commands);
    }

    @Test
    void aDeviceLeftByAPreviousAgentIsReadBackNotMadeAgain() throws Exception {
        Overlay overlay = new Overlay(tool, names, "192.0.2.2", new NetworkVnis(new ConcurrentHashMap<>()));
        overlay.up(BRIDGE);
        assertFalse(tool.commands.stream().anyMatch(c -> c.startsWith("ip link add")), tool.commands.toString());
        assertTrue(tool.commands.contains("bridge fdb show dev bxabc123000000"));
        assertTrue(tool.commands.contains("ip neigh show dev bxabc123000000"));
    }

    @Test
    void aNodeOnLoopbackCarriesNothing() throws Exception {
        Overlay overlay = new Overlay(tool, names, "127.0.0.1", new NetworkVnis(new ConcurrentHashMap<>()));
        assertEquals(0, overlay.mtu());
        overlay.up(BRIDGE);
        overlay.program(BRIDGE, ONE_PEER);
        overlay.down(BRIDGE);
        assertEquals(List.of(), tool.commands);
    }

    @Test
    void aVethOnACarriedNetworkHasItsMtuOnBothEnds() {
        SandboxSpec spec = new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, "bnabc123000000", "10.87.5.2", 24, "10.87.5.1",
                "02:42:0a:57:05:02", java.util.Map.of(), 1450);
        List<String> create = SandboxCommands.create(names, "f".repeat(64), spec).stream()
                .map(c -> String.join(" ", c)).toList();
        assertTrue(create.contains("ip link add bvabc123ffffff mtu 1450 type veth peer name eth0 mtu 1450 netns "
                + names.netns("f".repeat(64))), create.toString());
    }
}
