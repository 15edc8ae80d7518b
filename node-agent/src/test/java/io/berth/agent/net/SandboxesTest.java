package io.berth.agent.net;

import io.berth.events.net.Ipv4Cidr;
import io.berth.events.net.SubnetPool;
import io.berth.events.Json;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NetworkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxesTest {
    private static final String ID = "abcdef0123456789".repeat(4);
    private final RecordingNetTool tool = new RecordingNetTool();
    private final NetNames names = new NetNames("c0ffee");
    private final Sandboxes sandboxes = new Sandboxes(tool, names);
    private final ConcurrentHashMap<String, String> subnets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> endpoints = new ConcurrentHashMap<>();
    private final NodeBridge bridge = new NodeBridge(tool, names, "n1", subnets,
            new SubnetPool(Ipv4Cidr.parse("10.87.0.0/16"), 24));
    private final ContainerNetworks networks = new ContainerNetworks("n1", bridge, sandboxes, endpoints,
            new ConcurrentHashMap<>(), Path.of("/nonexistent-etc"));

    @Test
    void aBridgeContainerGetsAVethWithItsAddressAndDefaultRoute() throws Exception {
        tool.fail(c -> c.equals("ip link show berthc0ffee"), "Device \"berthc0ffee\" does not exist.");
        SandboxSpec spec = networks.attach(record(NetworkSpec.BRIDGE));
        assertEquals("/run/netns/berth-c0ffee-abcdef012345", sandboxes.create(ID, spec));
        assertTrue(tool.commands.contains("ip link add berthc0ffee address " + NetNames.bridgeMac("berthc0ffee")
                + " type bridge"), tool.commands.toString());
        assertTrue(tool.commands.contains("ip addr replace 10.87.0.1/24 dev berthc0ffee"));
        assertTrue(tool.commands.contains("ip link add bvc0ffeeabcdef type veth peer name eth0 netns berth-c0ffee-abcdef012345"));
        assertTrue(tool.commands.contains("ip -n berth-c0ffee-abcdef012345 addr add 10.87.0.2/24 dev eth0"));
        assertTrue(tool.commands.contains("ip -n berth-c0ffee-abcdef012345 route add default via 10.87.0.1"));
        assertTrue(tool.commands.contains("ip link set bvc0ffeeabcdef master berthc0ffee"));
        assertEquals("n1", subnets.get("10.87.0.0/24"));
        EndpointRecord ep = Json.read(endpoints.get(ID), EndpointRecord.class);
        assertEquals("10.87.0.2", ep.address());
        assertTrue(spec.etcFiles().get("/etc/hosts").endsWith("10.87.0.2\tabcdef012345\n"));
    }

    @Test
    void theSecondContainerTakesTheNextAddressAndARestartKeepsItsOwn() throws Exception {
        networks.attach(record(NetworkSpec.BRIDGE));
        String other = "1234567890abcdef".repeat(4);
        SandboxSpec second = networks.attach(new ContainerRecord(other, "b", spec(NetworkSpec.BRIDGE), "", "n1",
                "running", null, 0, 0, false, "", null, null, null, 0, null, 0));
        assertEquals("10.87.0.3", second.address());
        assertEquals("10.87.0.2", networks.attach(record(NetworkSpec.BRIDGE)).address());
        networks.release(ID);
        assertNull(endpoints.get(ID));
    }

    @Test
    void aSubnetTheHostAlreadyRoutesIsSkipped() throws Exception {
        tool.routeOutput += "10.87.0.0/24 dev othernet scope link\n";
        assertEquals("10.87.1.2", networks.attach(record(NetworkSpec.BRIDGE)).address());
    }

    @Test
    void aFailureHalfWayRemovesTheNamespaceAndVeth() throws Exception {
        SandboxSpec spec = networks.attach(record(NetworkSpec.BRIDGE));
        tool.fail(c -> c.contains("route add default"), "RTNETLINK answers: Network is unreachable");
        assertThrows(NetFailure.class, () -> sandboxes.create(ID, spec));
        int last = tool.commands.size();
        assertEquals(List.of("ip link del bvc0ffeeabcdef", "ip netns del berth-c0ffee-abcdef012345"),
                tool.commands.subList(last - 2, last));
    }

    @Test
    void aContainerWithAUserNamespaceGetsItsNamespaceFromTheMaker() throws Exception {
        SandboxSpec none = networks.attach(record(new NetworkSpec("none", null, null, null, null, null)));
        assertEquals("/run/netns/berth-c0ffee-abcdef012345",
                sandboxes.create(ID, none, List.of("/s/berth-overlay", "netns", "100000", "65536")));
        assertEquals(List.of("/s/berth-overlay netns 100000 65536 /run/netns/berth-c0ffee-abcdef012345",
                "ip -n berth-c0ffee-abcdef012345 link set lo up"), tool.commands);
    }

    @Test
    void aNamespaceMadeAlreadyIsOnlyWired() throws Exception {
        SandboxSpec none = networks.attach(record(new NetworkSpec("none", null, null, null, null, null)));
        assertEquals("/run/netns/berth-c0ffee-abcdef012345", sandboxes.create(ID, none, Sandboxes.MADE));
        assertEquals(List.of("ip -n berth-c0ffee-abcdef012345 link set lo up"), tool.commands);
    }

    @Test
    void noneHasOnlyLoopbackAndHostBuildsNothing() throws Exception {
        SandboxSpec none = networks.attach(record(new NetworkSpec("none", null, null, null, null, null)));
        sandboxes.create(ID, none);
        assertEquals(List.of("ip netns add berth-c0ffee-abcdef012345", "ip -n berth-c0ffee-abcdef012345 link set lo up"),
                tool.commands);
        tool.commands.clear();
        SandboxSpec host = networks.attach(record(new NetworkSpec("host", null, null, null, null, null)));
        assertEquals("host", sandboxes.create(ID, host));
        assertTrue(tool.commands.isEmpty());
        assertTrue(endpoints.isEmpty());
    }

    @Test
    void aUserNetworksAddressClaimedByAContainerOnAnotherNodeIsSkippedAndGivenBackAtRemoval() throws Exception {
        ConcurrentHashMap<String, String> addresses = new ConcurrentHashMap<>();
        NetworkRecord net = new NetworkRecord(NetworkRecord.idOf("shared"), "shared", "bridge", "10.87.9.0/24",
                "10.87.9.1", false, false, Map.of(), "2026-12-02T00:00:00Z");
        bridge.carry(new Overlay(tool, names, "192.0.2.2", new NetworkVnis(new ConcurrentHashMap<>())));
        ContainerNetworks shared = new ContainerNetworks("n1", bridge, sandboxes, endpoints, new ConcurrentHashMap<>(),
                Path.of("/nonexistent-etc"), Map.of("shared", Json.write(net)), Map.of(), addresses);
        // another node's agent took .2 a moment ago; its endpoint record is not written yet
        addresses.put("shared/10.87.9.2", "f".repeat(64));
        SandboxSpec spec = shared.attach(record(new NetworkSpec("shared", null, null, null, null, null)));
        assertEquals("10.87.9.3", spec.address());
        assertEquals(ID, addresses.get("shared/10.87.9.3"));
        assertEquals(1450, spec.mtu(), "a carried network's veth has the overlay's MTU");
        assertEquals("10.87.9.3", shared.attach(record(new NetworkSpec("shared", null, null, null, null, null)))
                .address(), "a restart keeps its claim");
        shared.release(ID);
        assertNull(addresses.get("shared/10.87.9.3"));
        assertEquals("f".repeat(64), addresses.get("shared/10.87.9.2"));
    }

    @Test
    void anUnknownNetworkIsA404AndAJoinOfAStoppedContainerIsRefused() {
        NetworkRefused unknown = assertThrows(NetworkRefused.class,
                () -> networks.attach(record(new NetworkSpec("nosuchnet", null, null, null, null, null))));
        assertEquals(404, unknown.status());
        assertEquals("network nosuchnet not found", unknown.getMessage());
        NetworkRefused missing = assertThrows(NetworkRefused.class,
                () -> networks.attach(record(new NetworkSpec("container:ghost", null, null, null, null, null))));
        assertEquals(404, missing.status());
        assertFalse(tool.commands.stream().anyMatch(c -> c.startsWith("ip netns add")));
    }

    @Test
    void removingWhatIsNotThereRunsNothingAndLeavesThePortRulesAlone() {
        int[] changes = {0};
        sandboxes.onChanged(() -> changes[0]++);
        sandboxes.remove(ID);
        assertEquals(List.of(), tool.commands);
        assertEquals(0, changes[0]);
    }

    @Test
    void removalTakesWhatIsThereAndEachOnItsOwnWhenOneWentMeanwhile(@TempDir Path dir) throws Exception {
        Path netns = Files.createDirectories(dir.resolve("netns"));
        Path sysNet = Files.createDirectories(dir.resolve("net"));
        Sandboxes here = new Sandboxes(tool, names, netns, sysNet);
        int[] changes = {0};
        here.onChanged(() -> changes[0]++);
        Files.createFile(netns.resolve("berth-c0ffee-abcdef012345"));
        Files.createDirectory(sysNet.resolve("bvc0ffeeabcdef"));
        Files.createDirectory(sysNet.resolve("byc0ffeeabcdef1"));
        here.remove(ID);
        assertEquals(List.of("ip link del byc0ffeeabcdef1", "ip link del bvc0ffeeabcdef",
                "ip netns del berth-c0ffee-abcdef012345"), tool.commands);
        assertEquals(1, changes[0]);

        tool.commands.clear();
        tool.fail(c -> c.equals("ip link del bvc0ffeeabcdef"), "Cannot find device \"bvc0ffeeabcdef\"");
        here.remove(ID);
        assertEquals("ip netns del berth-c0ffee-abcdef012345", tool.commands.get(tool.commands.size() - 1),
                "a device gone meanwhile does not keep the namespace: " + tool.commands);
    }

    @Test
    void theTableIsRewrittenOnlyWhenTheForwardedPortsChange() throws Exception {
        bridge.ensure();
        tool.commands.clear();
        Published web = new Published("10.87.0.2", new io.berth.events.spec.PortBinding("", 8080, 8080, 80, "tcp"));
        bridge.publish(List.of());
        assertEquals(List.of(), tool.commands, "nothing forwarded before, nothing now");
        bridge.publish(List.of(web));
        bridge.publish(List.of(web));
        assertEquals(1, tool.commands.size(), tool.commands.toString());
        tool.fail(c -> c.startsWith("nft"), "netlink: Error: busy");
        assertThrows(NetFailure.class, () -> bridge.publish(List.of()));
        tool.fail(c -> false, "");
        bridge.publish(List.of());
        assertEquals(3, tool.commands.size(), "a failed rewrite is tried again: " + tool.commands);
    }

    @Test
    void anIdleBridgeTakesItsTableAlong() throws Exception {
        bridge.ensure();
        tool.commands.clear();
        bridge.remove();
        assertEquals(List.of("nft -f - " + BridgeRules.drop("berth_c0ffee"), "ip link del berthc0ffee"), tool.commands);
    }

    @Test
    void aLiveDisconnectUnplugsTheVethKeepsTheNamespaceAndFreesTheLease() throws Exception {
        networks.attach(record(NetworkSpec.BRIDGE));
        tool.commands.clear();
        networks.disconnect(ID, "bridge", NetworkSpec.BRIDGE.disconnected("bridge"));
        assertEquals("ip link del bvc0ffeeabcdef", tool.commands.get(0));
        assertFalse(tool.commands.stream().anyMatch(c -> c.startsWith("ip netns del")), tool.commands.toString());
        assertNull(endpoints.get(ID));
    }

    @Test
    void aLivePlugPutsAVethIntoTheExistingNamespaceAndAFailureTakesItOut() throws Exception {
        SandboxSpec spec = networks.attach(record(NetworkSpec.BRIDGE));
        tool.commands.clear();
        sandboxes.plug(ID, spec);
        assertFalse(tool.commands.stream().anyMatch(c -> c.startsWith("ip netns add")), tool.commands.toString());
        assertTrue(tool.commands.contains("ip link add bvc0ffeeabcdef type veth peer name eth0 netns berth-c0ffee-abcdef012345"));
        tool.commands.clear();
        tool.fail(c -> c.contains("route add default"), "RTNETLINK answers: Network is unreachable");
        assertThrows(NetFailure.class, () -> sandboxes.plug(ID, spec));
        assertEquals("ip link del bvc0ffeeabcdef", tool.commands.get(tool.commands.size() - 1));
    }

    @Test
    void anAskedAddressOnAUserNetworkIsLeasedAsAskedOrRefusedInDockerdsWords() throws Exception {
        Map<String, String> nets = new ConcurrentHashMap<>();
        nets.put("back", Json.write(new io.berth.events.state.NetworkRecord(
                io.berth.events.state.NetworkRecord.idOf("back"), "back", "bridge", "10.86.5.0/24", "10.86.5.1", false,
                false, Map.of(), "2026-01-01T00:00:00Z")));
        ContainerNetworks onNets = new ContainerNetworks("n1", bridge, sandboxes, endpoints, new ConcurrentHashMap<>(),
                Path.of("/nonexistent-etc"), nets, Map.of(), new ConcurrentHashMap<>());
        NetworkSpec asked = NetworkSpec.BRIDGE.on("back", List.of(), "10.86.5.50");
        assertEquals("10.86.5.50", onNets.attach(record(asked)).address());
        String other = "1234567890abcdef".repeat(4);
        NetworkRefused taken = assertThrows(NetworkRefused.class, () -> onNets.attach(new ContainerRecord(other, "b",
                spec(asked), "", "n1", "running", null, 0, 0, false, "", null, null, null, 0, null, 0)));
        assertEquals(403, taken.status());
        assertEquals("Address already in use", taken.getMessage());
        assertNull(endpoints.get(other), "a refusal leases nothing");
        NetworkRefused outside = assertThrows(NetworkRefused.class, () -> onNets.attach(new ContainerRecord(other, "b",
                spec(NetworkSpec.BRIDGE.on("back", List.of(), "10.86.6.5")), "", "n1", "running", null, 0, 0, false, "",
                null, null, null, 0, null, 0)));
        assertEquals("no configured subnet or ip-range contain the IP address 10.86.6.5", outside.getMessage());
        // without --ip the next one takes the lowest free address, around the asked one
        assertEquals("10.86.5.2", onNets.attach(new ContainerRecord(other, "b", spec(NetworkSpec.BRIDGE.on("back",
                List.of())), "", "n1", "running", null, 0, 0, false, "", null, null, null, 0, null, 0)).address());
    }

    @Test
    void aContainerOnTwoNetworksGetsEth0WithTheDefaultRouteAndEth1WithItsOwnAddressOnly() throws Exception {
        Map<String, String> nets = new ConcurrentHashMap<>();
        nets.put("front", Json.write(new NetworkRecord(NetworkRecord.idOf("front"), "front", "bridge", "10.86.5.0/24",
                "10.86.5.1", false, false, Map.of(), "2026-01-01T00:00:00Z")));
        nets.put("back", Json.write(new NetworkRecord(NetworkRecord.idOf("back"), "back", "bridge", "10.86.6.0/24",
                "10.86.6.1", false, false, Map.of(), "2026-01-01T00:00:00Z")));
        ConcurrentHashMap<String, String> claims = new ConcurrentHashMap<>();
        ContainerNetworks onNets = new ContainerNetworks("n1", bridge, sandboxes, endpoints, new ConcurrentHashMap<>(),
                Path.of("/nonexistent-etc"), nets, Map.of(), claims);
        NetworkSpec two = NetworkSpec.BRIDGE.on("front", List.of("web"), "").connected("back", List.of("api"),
                "10.86.6.50");
        SandboxSpec spec = onNets.attach(record(two));
        assertEquals("10.86.5.2", spec.address());
        assertEquals(1, spec.more().size());
        assertEquals("eth1", spec.more().get(0).name());
        assertEquals("10.86.6.50", spec.more().get(0).address());
        tool.commands.clear();
        sandboxes.create(ID, spec);
        String ns = "berth-c0ffee-abcdef012345";
        assertTrue(tool.commands.contains("ip link add byc0ffeeabcdef1 type veth peer name eth1 netns " + ns),
                tool.commands.toString());
        assertTrue(tool.commands.contains("ip -n " + ns + " addr add 10.86.6.50/24 dev eth1"));
        assertEquals(1, tool.commands.stream().filter(c -> c.contains("route add default")).count(),
                "only the first network routes by default: " + tool.commands);
        assertTrue(tool.commands.contains("ip -n " + ns + " route add default via 10.86.5.1"));
        EndpointRecord eth1 = Json.read(endpoints.get(ID + "/eth1"), EndpointRecord.class);
        assertEquals("back", eth1.network());
        assertEquals("eth1", eth1.iface());
        assertEquals(ID, claims.get("back/10.86.6.50"));

        // a restart keeps both addresses
        SandboxSpec again = onNets.attach(record(two));
        assertEquals("10.86.5.2", again.address());
        assertEquals("10.86.6.50", again.more().get(0).address());

        // disconnecting the first hands the default route to the second, which then is first
        tool.commands.clear();
        NetworkSpec after = two.disconnected("front");
        onNets.disconnect(ID, "front", after);
        assertEquals("ip link del bvc0ffeeabcdef", tool.commands.get(0));
        assertTrue(tool.commands.contains("ip -n " + ns + " route replace default via 10.86.6.1 dev eth1"),
                tool.commands.toString());
        assertNull(endpoints.get(ID));
        assertNull(claims.get("front/10.86.5.2"));
        assertEquals("back", after.mode());

        // a start after the change re-plugs the one left as eth0, same address; removal frees every lease
        SandboxSpec moved = onNets.attach(record(after));
        assertEquals("10.86.6.50", moved.address());
        assertTrue(moved.more().isEmpty());
        assertNull(endpoints.get(ID + "/eth1"), "the lease moved to eth0's key");
        onNets.release(ID);
        assertTrue(endpoints.isEmpty(), endpoints.toString());
        assertTrue(claims.isEmpty(), claims.toString());
    }

    @Test
    void aRecordOfTheSingleNetworkVersionStillLoadsAsEth0() {
        String old = "{\"containerId\":\"" + ID + "\",\"nodeId\":\"n1\",\"network\":\"bridge\",\"address\":\"10.87.0.2\","
                + "\"prefixLength\":24,\"gateway\":\"10.87.0.1\",\"macAddress\":\"02:42:0a:57:00:02\",\"ports\":[]}";
        EndpointRecord ep = Json.read(old, EndpointRecord.class);
        assertEquals("eth0", ep.iface());
        assertEquals(ID, ep.key());
        String oldSpec = "{\"mode\":\"back\",\"extraHosts\":[],\"dns\":[],\"dnsSearch\":[],\"dnsOptions\":[],"
                + "\"macAddress\":\"\",\"ports\":[],\"aliases\":[\"db\"],\"ipv4Address\":\"\"}";
        NetworkSpec net = Json.read(oldSpec, NetworkSpec.class);
        assertEquals(List.of("back"), net.attachments().stream().map(a -> a.network()).toList());
        assertEquals(List.of("db"), net.aliasesOn("back"));
        assertFalse(net.detached());
    }

    private static ContainerRecord record(NetworkSpec net) {
        return new ContainerRecord(ID, "a", spec(net), "", "n1", "running", null, 0, 0, false, "", null, null, null, 0, null, 0);
    }

    private static ContainerSpec spec(NetworkSpec net) {
        return ContainerSpec.builder("busybox").imageId("sha256:x").repository("library/busybox")
                .manifestDigest("sha256:y").cmd(List.of("sh")).workingDir("/").hostname(ID.substring(0, 12)).user("")
                .restartPolicy("no").network(net).build();
    }
}
