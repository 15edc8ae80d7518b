package io.berth.agent.net;

import io.berth.agent.testing.RootRequirement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deletions the real tool does without a process, on the real kernel: a veth pair, a namespace. */
class NativeDeletesTest {
    private final String tag = Long.toHexString(ProcessHandle.current().pid() & 0xffffff);
    private final String veth = "bdt" + tag;
    private final String ns = "berth-delete-test-" + tag;
    private final ProcessNetTool tool = new ProcessNetTool();

    @BeforeEach
    void root() {
        RootRequirement.require("NativeDeletesTest");
    }

    @Test
    void aVethPairAndANamespaceGoWithoutAProcess() throws Exception {
        try {
            tool.run(List.of("ip", "netns", "add", ns));
            tool.run(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
            assertTrue(Files.exists(Path.of("/sys/class/net", veth)));

            tool.runAll(List.of(List.of("ip", "link", "del", veth), List.of("ip", "netns", "del", ns)));

            assertFalse(Files.exists(Path.of("/sys/class/net", veth)));
            assertFalse(Files.exists(Path.of("/run/netns", ns)));
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains("/run/netns/" + ns + " "));
        } finally {
            quietly(List.of("ip", "link", "del", veth));
            quietly(List.of("ip", "netns", "del", ns));
        }
    }

    @Test
    void whatIsGoneAlreadyReadsAsAbsent() {
        NetFailure link = assertThrows(NetFailure.class, () -> tool.run(List.of("ip", "link", "del", veth)));
        assertTrue(link.absent(), link.getMessage());
        NetFailure netns = assertThrows(NetFailure.class, () -> tool.run(List.of("ip", "netns", "del", ns)));
        assertTrue(netns.absent(), netns.getMessage());
    }

    @Test
    void onlyPlainDeletionsAreTakenOutOfIp() {
        assertTrue(NativeDeletes.handles(List.of("ip", "link", "del", "bv1")));
        assertTrue(NativeDeletes.handles(List.of("ip", "netns", "del", "berth-x")));
        assertFalse(NativeDeletes.handles(List.of("ip", "-n", "x", "link", "del", "eth1")));
        assertFalse(NativeDeletes.handles(List.of("ip", "netns", "del", "../etc")));
        assertEquals(false, NativeDeletes.handles(List.of("ip", "link", "set", "bv1", "up")));
    }

    private void quietly(List<String> argv) {
        try {
            tool.run(argv);
        } catch (NetFailure e) {
            // gone already
        }
    }
}
