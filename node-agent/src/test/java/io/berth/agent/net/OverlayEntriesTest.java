package io.berth.agent.net;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlayEntriesTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String D = "d".repeat(64);

    private static EndpointRecord ep(String id, String node, String network, String ip, String mac) {
        return new EndpointRecord(id, node, network, ip, 24, "10.87.5.1", mac, List.of());
    }

    private static ContainerRecord record(String id, String node, ContainerState status) {
        return ContainerRecord.accepted(id, "c" + id.charAt(0), null, "{}", "2026-12-02T00:00:00Z").withNode(node)
                .withStatus(status);
    }

    private static NodeRecord node(String id, String address, NodeState state) {
        return new NodeRecord(id, address, null, null, Map.of(), 0, state, 2, "6.1");
    }

    private static final Map<String, NodeRecord> NODES = Map.of(
            "n1", node("n1", "10.1.1.11:7000", NodeState.READY),
            "n2", node("n2", "10.1.1.12:7000", NodeState.READY),
            "n3", node("n3", "10.1.1.13:7000", NodeState.DOWN));

    @Test
    void remoteRunningEndpointsGetAMacEntryANeighbourAndTheirNodeAFloodEntry() {
        List<EndpointRecord> eps = List.of(
                ep(A, "n1", "net", "10.87.5.2", "02:42:0A:57:05:02"), // local: no entry
                ep(B, "n2", "net", "10.87.5.3", "02:42:0a:57:05:03"),
                ep(C, "n2", "other", "10.87.6.2", "02:42:0a:57:06:02"), // another network
                ep(D, "n3", "net", "10.87.5.4", "02:42:0a:57:05:04")); // its node is down
        Map<String, ContainerRecord> records = Map.of(
                A, record(A, "n1", ContainerState.RUNNING),
                B, record(B, "n2", ContainerState.RUNNING),
                C, record(C, "n2", ContainerState.RUNNING),
                D, record(D, "n3", ContainerState.RUNNING));
        OverlayEntries.Entries e = OverlayEntries.desired("n1", "net", "10.87.5.1", eps, records, NODES);
        assertEquals(Set.of(new OverlayEntries.Fdb("00:00:00:00:00:00", "10.1.1.12"),
                new OverlayEntries.Fdb("02:42:0a:57:05:03", "10.1.1.12")), e.fdb());
        assertEquals(Set.of(new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")), e.neigh());
    }

    @Test
    void stoppedMovedOrUnplacedContainersAndTheGatewayGetNoEntry() {
        List<EndpointRecord> eps = List.of(
                ep(A, "n2", "net", "10.87.5.2", "02:42:0a:57:05:02"), // exited
                ep(B, "n2", "net", "10.87.5.3", "02:42:0a:57:05:03"), // moved to n1: its lease on n2 is stale
                ep(C, "n2", "net", "10.87.5.1", "02:42:0a:57:05:01"), // the gateway's address: never
                ep(D, "n9", "net", "10.87.5.4", "02:42:0a:57:05:04")); // an unknown node
        Map<String, ContainerRecord> records = Map.of(
                A, record(A, "n2", ContainerState.EXITED),
                B, record(B, "n1", ContainerState.RUNNING),
                C, record(C, "n2", ContainerState.RUNNING),
                D, record(D, "n9", ContainerState.RUNNING));
        assertEquals(OverlayEntries.Entries.NONE, OverlayEntries.desired("n1", "net", "10.87.5.1", eps, records, NODES));
    }

    @Test
    void aRemoteContainerOnTwoNetworksGetsEntriesOnEachWithThatNetworksAddress() {
        List<EndpointRecord> eps = List.of(
                ep(B, "n2", "net", "10.87.5.3", "02:42:0a:57:05:03"),
                new EndpointRecord(B, "n2", "other", "10.87.6.3", 24, "10.87.6.1", "02:42:0a:57:06:03", List.of(), "eth1"));
        Map<String, ContainerRecord> records = Map.of(B, record(B, "n2", ContainerState.RUNNING));
        assertEquals(Set.of(new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")),
                OverlayEntries.desired("n1", "net", "10.87.5.1", eps, records, NODES).neigh());
        OverlayEntries.Entries other = OverlayEntries.desired("n1", "other", "10.87.6.1", eps, records, NODES);
        assertEquals(Set.of(new OverlayEntries.Neigh("10.87.6.3", "02:42:0a:57:06:03")), other.neigh());
        assertTrue(other.fdb().contains(new OverlayEntries.Fdb("02:42:0a:57:06:03", "10.1.1.12")), other.toString());
    }

    @Test
    void aLoopbackNodeIsNotTunnelable() {
        assertNull(OverlayEntries.reachedAt(node("x", "127.0.0.1:7000", NodeState.READY)));
        assertNull(OverlayEntries.reachedAt(node("x", "localhost:7000", NodeState.READY)));
        assertEquals("10.1.1.12", OverlayEntries.reachedAt(NODES.get("n2")));
        assertFalse(OverlayEntries.tunnelable("0.0.0.0"));
        assertTrue(OverlayEntries.tunnelable("192.0.2.7"));
    }

    @Test
    void theDiffRemovesFirstReplacesMovedMacsAndAppendsFloodEntries() {
        OverlayEntries.Entries now = new OverlayEntries.Entries(Set.of(
                new OverlayEntries.Fdb("00:00:00:00:00:00", "10.1.1.13"),
                new OverlayEntries.Fdb("02:42:0a:57:05:04", "10.1.1.13"),
                new OverlayEntries.Fdb("02:42:0a:57:05:03", "10.1.1.13")),
                Set.of(new OverlayEntries.Neigh("10.87.5.4", "02:42:0a:57:05:04"),
                        new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")));
        OverlayEntries.Entries want = new OverlayEntries.Entries(Set.of(
                new OverlayEntries.Fdb("00:00:00:00:00:00", "10.1.1.12"),
                new OverlayEntries.Fdb("02:42:0a:57:05:03", "10.1.1.12")),
                Set.of(new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")));
        List<String> cmds = OverlayEntries.commands("bx1", now, want).stream().map(c -> String.join(" ", c)).toList();
        assertEquals(List.of(
                "ip neigh del 10.87.5.4 dev bx1",
                "bridge fdb del 00:00:00:00:00:00 dev bx1 dst 10.1.1.13",
                "bridge fdb del 02:42:0a:57:05:04 dev bx1 dst 10.1.1.13 self",
                "bridge fdb append 00:00:00:00:00:00 dev bx1 dst 10.1.1.12 self permanent",
                "bridge fdb replace 02:42:0a:57:05:03 dev bx1 dst 10.1.1.12 self permanent"), cmds);
        assertEquals(List.of(), OverlayEntries.commands("bx1", want, want));
    }

    @Test
    void whatTheKernelShowsIsReadBack() {
        String fdb = """
                76:9a:92:21:b3:80 master bnabc123def456 permanent
                00:00:00:00:00:00 dst 10.1.1.12 self permanent
                00:00:00:00:00:00 dst 10.1.1.13 self permanent
                02:42:0a:57:05:03 dst 10.1.1.12 self permanent
                """;
        String neigh = "10.87.5.3 lladdr 02:42:0a:57:05:03 PERMANENT\n10.87.5.9 lladdr 02:42:0a:57:05:09 STALE\n";
        OverlayEntries.Entries e = OverlayEntries.parse(fdb, neigh);
        assertEquals(Set.of(new OverlayEntries.Fdb("00:00:00:00:00:00", "10.1.1.12"),
                new OverlayEntries.Fdb("00:00:00:00:00:00", "10.1.1.13"),
                new OverlayEntries.Fdb("02:42:0a:57:05:03", "10.1.1.12")), e.fdb());
        assertEquals(Set.of(new OverlayEntries.Neigh("10.87.5.3", "02:42:0a:57:05:03")), e.neigh());
    }
}
