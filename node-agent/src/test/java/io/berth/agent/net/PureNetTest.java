package io.berth.agent.net;

import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.net.SubnetPool;
import io.berth.events.net.HostRoutes;
import io.berth.events.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PureNetTest {

    @Test
    void cidrsAreMaskedAndCompared() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.87.3.77/24");
        assertEquals("10.87.3.0/24", c.toString());
        assertTrue(c.contains(Ipv4.parse("10.87.3.255")));
        assertFalse(c.contains(Ipv4.parse("10.87.4.0")));
        assertTrue(Ipv4Cidr.parse("10.0.0.0/8").overlaps(c));
        assertFalse(Ipv4Cidr.parse("10.88.0.0/16").overlaps(c));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.1.1.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("10.1.1.0/33"));
    }

    @Test
    void poolSkipsHeldSubnetsAndTheHostsRoutesButNotTheDefaultRoute() {
        SubnetPool pool = new SubnetPool(Ipv4Cidr.parse("10.87.0.0/16"), 24);
        List<Ipv4Cidr> host = List.of(Ipv4Cidr.parse("0.0.0.0/0"), Ipv4Cidr.parse("10.87.1.0/25"));
        assertEquals("10.87.2.0/24", pool.pick(Set.of(Ipv4Cidr.parse("10.87.0.0/24")), host).orElseThrow().toString());
        assertEquals("10.87.0.0/24", pool.pick(Set.of(), List.of()).orElseThrow().toString());
        // a host route covering the whole pool leaves nothing
        assertTrue(pool.pick(Set.of(), List.of(Ipv4Cidr.parse("10.0.0.0/8"))).isEmpty());
    }

    @Test
    void addressesStartAfterTheGatewayAndStopBeforeBroadcast() {
        Ipv4Cidr subnet = Ipv4Cidr.parse("10.87.0.0/30");
        assertEquals("10.87.0.1", AddressPicker.gateway(subnet).toString());
        assertEquals("10.87.0.2", AddressPicker.pick(subnet, Set.of()).orElseThrow().toString());
        assertTrue(AddressPicker.pick(subnet, Set.of(Ipv4.parse("10.87.0.2"))).isEmpty());
        assertEquals("02:42:0a:57:00:02", AddressPicker.mac(Ipv4.parse("10.87.0.2")));
    }

    @Test
    void hostRoutesComeFromAddressesAndEveryRouteTable() {
        RecordingNetTool out = new RecordingNetTool();
        List<Ipv4Cidr> routes = HostRoutes.parse(out.addrOutput, out.routeOutput + "unreachable 10.9.0.0/16\nfe80::/64 dev eth0\n");
        assertEquals(List.of("127.0.0.0/8", "192.0.2.0/24", "192.0.2.0/24", "127.0.0.0/8", "10.9.0.0/16"),
                routes.stream().map(Object::toString).toList());
    }

    @Test
    void hostsFileMapsTheHostnameAndTheUsersExtraHosts() {
        String hosts = EtcFiles.hosts("web", "10.87.0.2", List.of("db:10.0.0.9"));
        assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n"));
        assertTrue(hosts.endsWith("10.0.0.9\tdb\n10.87.0.2\tweb\n"));
        assertFalse(EtcFiles.hosts("web", null, List.of()).contains("web"));
    }

    @Test
    void resolvConfDropsLoopbackResolversAndPrefersTheUsersServers() {
        String host = "# generated\nnameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch example.test\noptions edns0\n";
        assertEquals("nameserver 192.0.2.53\nsearch example.test\noptions edns0\n",
                EtcFiles.resolvConf(host, NetworkSpec.BRIDGE));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", EtcFiles.resolvConf("nameserver 127.0.0.53\n", NetworkSpec.BRIDGE));
        NetworkSpec custom = new NetworkSpec("bridge", List.of(), List.of("9.9.9.9"), List.of("corp.test"), List.of("ndots:2"), "");
        assertEquals("nameserver 9.9.9.9\nsearch corp.test\noptions ndots:2\n", EtcFiles.resolvConf(host, custom));
    }

    @Test
    void bridgeRulesReplaceOnlyTheNodesOwnTable() {
        String script = BridgeRules.table("berth_abc123", "berthabc123", Ipv4Cidr.parse("10.87.0.0/24"));
        assertTrue(script.startsWith("table ip berth_abc123 {}\ndelete table ip berth_abc123\n"));
        assertTrue(script.contains("ip saddr 10.87.0.0/24 oifname != \"berthabc123\" masquerade"));
        assertEquals(List.of("berth_abc123"), script.lines().filter(l -> l.contains("table"))
                .map(l -> l.replaceAll(".*table ip (\\S+).*", "$1")).distinct().toList());
    }

    @Test
    void namesFitTheKernelsFifteenCharactersAndDifferPerNode() {
        NetNames a = NetNames.of("node-1", "/var/lib/berth");
        NetNames b = NetNames.of("node-2", "/var/lib/berth");
        String id = "0123456789abcdef".repeat(4);
        assertTrue(a.bridge().length() <= 15 && a.hostVeth(id).length() <= 15);
        assertFalse(a.bridge().equals(b.bridge()));
        assertFalse(a.netns(id).equals(b.netns(id)));
    }

    @Test
    void thePoolSkipsEverySubnetOverlappingOneHeldWhateverItsSize() {
        // a user network's --subnet 10.87.0.0/23 covers the first two /24s of the pool
        assertEquals("10.87.2.0/24", SubnetPool.CLUSTER.pick(List.of(Ipv4Cidr.parse("10.87.0.0/23")), List.of())
                .orElseThrow().toString());
        assertEquals("10.87.1.0/24", SubnetPool.CLUSTER.pick(List.of(Ipv4Cidr.parse("10.87.0.128/25")), List.of())
                .orElseThrow().toString());
    }

    @Test
    void bridgesOfDifferentNetworksForwardNothingToEachOtherAndInternalOnesNothingOut() {
        NetworkBridge a = new NetworkBridge("a", "1".repeat(64), "bnabc123111111", Ipv4Cidr.parse("10.87.5.0/24"),
                Ipv4.parse("10.87.5.1"), false);
        NetworkBridge b = new NetworkBridge("b", "2".repeat(64), "bnabc123222222", Ipv4Cidr.parse("10.87.6.0/24"),
                Ipv4.parse("10.87.6.1"), true);
        String script = BridgeRules.table("berth_abc123", "berthabc123", Ipv4Cidr.parse("10.87.0.0/24"), List.of(),
                List.of(a, b));
        assertTrue(script.contains("iifname \"berthabc123\" oifname { \"bnabc123111111\", \"bnabc123222222\" } drop"), script);
        assertTrue(script.contains("iifname \"bnabc123111111\" oifname { \"berthabc123\", \"bnabc123222222\" } drop"), script);
        assertTrue(script.contains("ip saddr 10.87.5.0/24 oifname != \"bnabc123111111\" masquerade"), script);
        // internal: never masqueraded, nothing in or out of its bridge
        assertFalse(script.contains("ip saddr 10.87.6.0/24"), script);
        assertTrue(script.contains("iifname \"bnabc123222222\" oifname != \"bnabc123222222\" drop"), script);
        assertTrue(script.contains("oifname \"bnabc123222222\" iifname != \"bnabc123222222\" drop"), script);
        // loopback reaches published ports on every bridge
        assertTrue(script.contains("ip saddr 127.0.0.0/8 oifname \"bnabc123111111\" masquerade"), script);
    }

    @Test
    void aUserNetworksResolverIsItsGatewayWithTheHostsSearchAndNdotsZero() {
        String host = "nameserver 192.0.2.53\nsearch example.test\n";
        assertEquals("nameserver 10.87.5.1\nsearch example.test\noptions ndots:0\n",
                EtcFiles.embeddedResolvConf(host, "10.87.5.1", NetworkSpec.BRIDGE));
        assertEquals("nameserver 10.87.5.1\noptions edns0 ndots:0\n",
                EtcFiles.embeddedResolvConf("nameserver 1.1.1.1\noptions edns0\n", "10.87.5.1", NetworkSpec.BRIDGE));
    }
}
