package io.berth.agent.net;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IpBatchesTest {
    private static final String NS = "berth-c0ffee-abcdef012345";

    @Test
    void aBridgeContainersNamespaceIsTwoProcessesHostThenNamespace() {
        SandboxSpec spec = new SandboxSpec(SandboxSpec.Mode.BRIDGE, null, "berthc0ffee", "10.87.0.2", 24, "10.87.0.1",
                "02:42:0a:57:00:02", java.util.Map.of(), 0, List.of());
        List<IpBatches.Run> runs = IpBatches.of(SandboxCommands.create(new NetNames("c0ffee"),
                "abcdef0123456789".repeat(4), spec));
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(List.of("ip", "-batch", "-"), runs.get(0).argv());
        assertEquals("netns add " + NS + "\n"
                + "link add bvc0ffeeabcdef type veth peer name eth0 netns " + NS + "\n"
                + "link set bvc0ffeeabcdef master berthc0ffee\n"
                + "link set bvc0ffeeabcdef up\n", runs.get(0).stdin());
        assertEquals(List.of("ip", "-n", NS, "-batch", "-"), runs.get(1).argv());
        assertEquals("link set lo up\n"
                + "link set eth0 address 02:42:0a:57:00:02\n"
                + "addr add 10.87.0.2/24 dev eth0\n"
                + "link set eth0 up\n"
                + "route add default via 10.87.0.1\n", runs.get(1).stdin());
    }

    @Test
    void aFailedBatchReadsAsItsFailedCommand() {
        IpBatches.Run run = new IpBatches.Run(List.of("ip", "-n", NS, "-batch", "-"),
                "link set lo up\nroute add default via 10.87.0.1\n");
        NetFailure failed = IpBatches.failedLine(run, new NetFailure(run.argv(),
                "RTNETLINK answers: Network is unreachable\nCommand failed -:2\nscript:\n" + run.stdin()));
        assertEquals("ip -n " + NS + " route add default via 10.87.0.1: RTNETLINK answers: Network is unreachable",
                failed.getMessage());
        NetFailure gone = IpBatches.failedLine(new IpBatches.Run(List.of("ip", "-batch", "-"), "link del bv1\n"),
                new NetFailure(List.of("ip", "-batch", "-"), "Cannot find device \"bv1\"\nCommand failed -:1\n"));
        assertEquals(true, gone.absent());
        assertEquals("ip link del bv1: Cannot find device \"bv1\"", gone.getMessage());
    }

    @Test
    void otherCommandsAndWordsABatchLineWouldSplitRunAloneInOrder() {
        List<IpBatches.Run> runs = IpBatches.of(List.of(
                List.of("ip", "link", "del", "a"),
                List.of("sysctl", "-q", "-w", "x=1"),
                List.of("ip", "link", "del", "b"),
                List.of("ip", "link", "set", "c", "alias", "two words"),
                List.of("ip", "-4", "route"),
                List.of("ip", "-n", "x", "link", "set", "lo", "up"),
                List.of("ip", "-n", "y", "link", "set", "lo", "up")));
        assertEquals(List.of(
                new IpBatches.Run(List.of("ip", "-batch", "-"), "link del a\n"),
                new IpBatches.Run(List.of("sysctl", "-q", "-w", "x=1"), null),
                new IpBatches.Run(List.of("ip", "-batch", "-"), "link del b\n"),
                new IpBatches.Run(List.of("ip", "link", "set", "c", "alias", "two words"), null),
                new IpBatches.Run(List.of("ip", "-4", "route"), null),
                new IpBatches.Run(List.of("ip", "-n", "x", "-batch", "-"), "link set lo up\n"),
                new IpBatches.Run(List.of("ip", "-n", "y", "-batch", "-"), "link set lo up\n")), runs);
    }
}
