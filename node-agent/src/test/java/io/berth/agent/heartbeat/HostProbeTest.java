package io.berth.agent.heartbeat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostProbeTest {
    @Test
    void memTotalIsReadInBytes() {
        assertEquals(2048L * 1024, HostProbe.memTotalBytes("MemFree: 10 kB\nMemTotal:        2048 kB\n"));
    }

    @Test
    void cgroupVersionFollowsWhatIsMountedOnSysFsCgroup() {
        String hybrid = "tmpfs /sys/fs/cgroup tmpfs ro 0 0\ncgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n";
        assertEquals(1, HostProbe.cgroupVersion(hybrid));
        assertEquals(2, HostProbe.cgroupVersion("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n"));
    }

    @Test
    void probesThisHost() throws IOException {
        NodeFacts facts = HostProbe.probe("10.0.0.1:7000", Map.of("zone", "a"));
        assertEquals(Runtime.getRuntime().availableProcessors() * 1_000_000_000L, facts.capacity().nanoCpus());
        assertTrue(facts.capacity().memoryBytes() > 0);
        // the kernel never allows a pid_max below 301: a short read ("3" of "32768") shows here
        assertTrue(facts.capacity().pids() > 300, "pids " + facts.capacity().pids());
        assertFalse(facts.kernelVersion().isBlank());
        assertEquals("10.0.0.1:7000", facts.address());
    }
}
