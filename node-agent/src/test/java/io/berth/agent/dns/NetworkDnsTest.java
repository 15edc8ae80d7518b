package io.berth.agent.dns;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names a network answers, over a real UDP socket on loopback (the "network" is 127.0.0.0/8 here). */
class NetworkDnsTest {
    private static final String WEB = "a".repeat(64);
    private static final String DB = "b".repeat(64);
    private static final String STOPPED = "c".repeat(64);
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> records = new ConcurrentHashMap<>();
    private final ExecutorService forwards = Executors.newCachedThreadPool();
    private NetworkDns dns;

    private void put(String id, String name, String network, String address, List<String> aliases, ContainerState state) {
        NetworkSpec net = new NetworkSpec(network, List.of(), List.of(), List.of(), List.of(), "", List.of(), aliases);
        ContainerSpec spec = ContainerSpec.builder("busybox").network(net).build();
        ContainerRecord r = ContainerRecord.accepted(id, name, spec, "{}", "2026-01-01T00:00:00Z");
        records.put(id, Json.write(state == ContainerState.RUNNING ? r.running(1, "2026-01-01T00:00:01Z")
                : r.withStatus(state)));
        endpoints.put(id, Json.write(new EndpointRecord(id, "n1", network, address, 24, "10.87.9.1", "02:42:0a:57:09:02",
                List.of())));
    }

    @Test
    void aContainerOnANodeMarkedDownOrLeftOnANodeItMovedOffAnswersNoMore() {
        Map<String, String> nodes = new ConcurrentHashMap<>();
        nodes.put("n1", Json.write(new NodeRecord("n1", "10.1.1.11:7000", null, null, Map.of(), 0, NodeState.READY, 2, "")));
        put(WEB, "web", "net", "10.87.9.2", List.of(), ContainerState.RUNNING);
        records.put(WEB, Json.write(Json.read(records.get(WEB), ContainerRecord.class).withNode("n1")));
        EndpointNames names = new EndpointNames(endpoints, records, nodes);
        assertEquals(List.of(Ipv4.parse("10.87.9.2")), names.resolve("net", "web"));
        nodes.put("n1", Json.write(new NodeRecord("n1", "10.1.1.11:7000", null, null, Map.of(), 0, NodeState.DOWN, 2, "")));
        assertEquals(List.of(), names.resolve("net", "web"), "n1 is down");
        nodes.put("n1", Json.write(new NodeRecord("n1", "10.1.1.11:7000", null, null, Map.of(), 0, NodeState.READY, 2, "")));
        records.put(WEB, Json.write(Json.read(records.get(WEB), ContainerRecord.class).withNode("n2")));
        assertEquals(List.of(), names.resolve("net", "web"), "the endpoint on n1 is stale: the container went to n2");
    }

    @Test
    void aContainerOnTwoNetworksResolvesNamesOfBothAndOnlyItsNetworksSeeIt() {
        put(WEB, "web", "front", "10.87.9.2", List.of(), ContainerState.RUNNING);
        put(DB, "db", "back", "10.87.8.2", List.of("store"), ContainerState.RUNNING);
        String mid = "d".repeat(64);
        NetworkSpec both = new NetworkSpec("front", List.of(), List.of(), List.of(), List.of(), "", List.of(),
                List.of("app")).connected("back", List.of("api"), "");
        ContainerRecord r = ContainerRecord.accepted(mid, "mid", ContainerSpec.builder("busybox").network(both).build(),
                "{}", "2026-01-01T00:00:00Z").running(1, "2026-01-01T00:00:01Z");
        records.put(mid, Json.write(r));
        endpoints.put(mid, Json.write(new EndpointRecord(mid, "n1", "front", "10.87.9.3", 24, "10.87.9.1",
                "02:42:0a:57:09:03", List.of())));
        endpoints.put(mid + "/eth1", Json.write(new EndpointRecord(mid, "n1", "back", "10.87.8.3", 24, "10.87.8.1",
                "02:42:0a:57:08:03", List.of(), "eth1")));
        EndpointNames names = new EndpointNames(endpoints, records);
        Ipv4 midOnFront = Ipv4.parse("10.87.9.3");
        assertEquals(List.of(Ipv4.parse("10.87.8.2")), names.resolve("front", midOnFront, "db"), "via its second network");
        assertEquals(List.of(Ipv4.parse("10.87.8.2")), names.resolve("front", midOnFront, "store"));
        assertEquals(List.of(Ipv4.parse("10.87.9.2")), names.resolve("front", midOnFront, "web"));
        Ipv4 webOnFront = Ipv4.parse("10.87.9.2");
        assertEquals(List.of(), names.resolve("front", webOnFront, "db"), "web is not on back");
        assertEquals(List.of(Ipv4.parse("10.87.9.3")), names.resolve("front", webOnFront, "mid"));
        assertEquals(List.of(Ipv4.parse("10.87.9.3")), names.resolve("front", webOnFront, "app"));
        assertEquals(List.of(), names.resolve("front", webOnFront, "api"), "api is mid's alias on back only");
        assertEquals(List.of(Ipv4.parse("10.87.8.3")), names.resolve("back", Ipv4.parse("10.87.8.2"), "mid"));
        assertEquals(List.of(Ipv4.parse("10.87.8.3")), names.resolve("back", Ipv4.parse("10.87.8.2"), "api"));
        assertEquals(List.of(), names.resolve("back", Ipv4.parse("10.87.8.2"), "web"));
    }

    @AfterEach
    void close() {
        if (dns != null) {
            dns.close();
        }
        forwards.shutdownNow();
    }

    @Test
    void namesAliasesAndShortIdsOfRunningContainersOnTheNetworkOnly() {
        put(WEB, "app_web_1", "app_default", "10.87.9.2", List.of("web"), ContainerState.RUNNING);
        put(DB, "db", "other", "10.87.8.2", List.of("web"), ContainerState.RUNNING);
        put(STOPPED, "old", "app_default", "10.87.9.3", List.of("web"), ContainerState.EXITED);
        EndpointNames names = new EndpointNames(endpoints, records);
        assertEquals(List.of(Ipv4.parse("10.87.9.2")), names.resolve("app_default", "web"));
        assertEquals(List.of(Ipv4.parse("10.87.9.2")), names.resolve("app_default", "app_web_1"));
        assertEquals(List.of(Ipv4.parse("10.87.9.2")), names.resolve("app_default", WEB.substring(0, 12)));
        assertEquals(List.of(), names.resolve("app_default", "db"));
        assertEquals(List.of(), names.resolve("app_default", "old"));
        assertEquals(List.of(Ipv4.parse("10.87.8.2")), names.resolve("other", "web"));
    }

    @Test
    void answersOverUdpAndNamesFollowTheCluster() throws Exception {
        put(WEB, "app_web_1", "app_default", "10.87.9.2", List.of("web"), ContainerState.RUNNING);
        dns = new NetworkDns("app_default", Ipv4Cidr.parse("127.0.0.0/8"), Ipv4.parse("127.0.0.1"), 0,
                new EndpointNames(endpoints, records), List::of, forwards);
        byte[] a = ask("web", 1);
        assertEquals(0, a[3] & 0x0F);
        assertEquals(1, a[7]);
        assertArrayEquals(new byte[]{10, 87, 9, 2}, Arrays.copyOfRange(a, a.length - 4, a.length));
        byte[] aaaa = ask("web", 28);
        assertEquals(0, aaaa[3] & 0x0F);
        assertEquals(0, aaaa[7]);
        assertEquals(3, ask("nosuch", 1)[3] & 0x0F);
        // no resolver to forward to: SERVFAIL, never a made-up answer
        assertEquals(2, ask("name.example", 1)[3] & 0x0F);
        records.remove(WEB);
        assertEquals(3, ask("web", 1)[3] & 0x0F);
    }

    @Test
    void refusesQueriesFromOutsideTheNetworksSubnet() throws Exception {
        put(WEB, "app_web_1", "app_default", "10.87.9.2", List.of("web"), ContainerState.RUNNING);
        dns = new NetworkDns("app_default", Ipv4Cidr.parse("10.87.9.0/24"), Ipv4.parse("127.0.0.1"), 0,
                new EndpointNames(endpoints, records), List::of, forwards);
        byte[] a = ask("web", 1);
        assertEquals(5, a[3] & 0x0F);
        assertEquals(0, a[7]);
    }

    private byte[] ask(String name, int type) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            byte[] q = DnsMessageTest.query(42, name, type);
            s.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", dns.port())));
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            assertTrue(p.getLength() >= q.length);
            return Arrays.copyOf(buf, p.getLength());
        }
    }
}
