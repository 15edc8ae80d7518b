package io.berth.agent.runtime;

import io.berth.agent.cgroup.CgroupV1;
import io.berth.agent.sys.MountTable;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real thing: overlay, cgroups, namespaces and the native monitor. Needs root. */
class LinuxRuntimeTest extends OnBusyboxRuntime {
    private static final List<String> ENV = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root");

    @Override
    void assertReleased(RuntimeSpec spec) throws Exception {
        assertNothingLeft(spec);
    }

    @Test
    void exitCodeAndJsonLog() throws Exception {
        RuntimeSpec spec = spec(Resources.NONE, "sh", "-c", "echo hi; echo err >&2; printf 'tab\\t\"q\"'; exit 3");
        RunningContainer c = runtime.start(spec);

        assertEquals(3, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(spec.containerDir()).log());
        assertTrue(log.contains("{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\""), log);
        assertTrue(log.contains("{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\""), log);
        assertTrue(log.contains("{\"log\":\"tab\\t\\\"q\\\"\",\"stream\":\"stdout\""), "partial line flushed: " + log);
        assertTrue(log.matches("(?s).*\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\"}\n.*"), log);
    }

    @Test
    void namespacesAndCgroupsThenKill() throws Exception {
        RuntimeSpec spec = spec(new Resources(64L << 20, 500_000_000L, 50, 0), "sleep", "100");
        RunningContainer c = runtime.start(spec);

        assertTrue(ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false));
        for (String ns : List.of("pid", "mnt", "uts", "ipc", "net")) {
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)),
                    Files.readSymbolicLink(Path.of("/proc/" + c.pid() + "/ns/" + ns)), ns);
        }
        // Seen from the host's cgroup namespace, not the container's own.
        assertTrue(Files.readString(Path.of("/proc/" + c.pid() + "/cgroup")).contains("/berth/" + spec.containerId()));
        if (runtime.cgroups() instanceof CgroupV1) {
            Path memory = Path.of("/sys/fs/cgroup/memory/berth", spec.containerId(), "memory.limit_in_bytes");
            assertEquals("67108864", Files.readString(memory).strip());
            Path quota = Path.of("/sys/fs/cgroup/cpu/berth", spec.containerId(), "cpu.cfs_quota_us");
            assertEquals("50000", Files.readString(quota).strip());
        }

        runtime.signal(c, 9);
        assertEquals(137, c.exit().get(10, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void insideLooksLikeItsOwnMachine() throws Exception {
        RuntimeSpec spec = spec(Resources.NONE, "sh", "-c", "hostname; ps -o pid,args; ip link; ls /; cat /proc/1/cgroup");
        RunningContainer c = runtime.start(spec);

        assertEquals(0, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(spec.containerDir()).log());
        assertTrue(log.contains("\"log\":\"box-" + spec.containerId().substring(0, 12) + "\\n\""), log);
        assertTrue(log.matches("(?s).*\"log\":\" *1 sh -c hostname.*"), "sh is PID 1: " + log);
        assertTrue(log.contains("lo: <LOOPBACK>"), log);
        assertFalse(log.contains("eth0") || log.contains("\"log\":\"work\\n\""), log);
        assertTrue(log.contains("\"log\":\"4:memory:/\\n\"") || log.contains("\"log\":\"0::/\\n\""),
                "cgroup namespace rooted at the container's cgroup: " + log);
    }

    @Test
    void hostDevicesStayOutOfReach() throws Exception {
        assumeTrue(runtime.cgroups() instanceof CgroupV1, "device rules are a v1 cgroup here");
        // /dev/mem is 1:1: the node can be made (mknod is allowed) but not opened.
        RuntimeSpec spec = spec(Resources.NONE, "sh", "-c", "mknod /tmp/mem c 1 1 && head -c1 /tmp/mem");
        assertEquals(1, runtime.start(spec).exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(spec.containerDir()).log());
        assertTrue(log.contains("Operation not permitted"), log);
    }

    @Test
    void sigtermIsIgnoredByInitWithoutHandler() throws Exception {
        RunningContainer c = runtime.start(spec(Resources.NONE, "sleep", "100"));
        runtime.signal(c, 15);
        Thread.sleep(500);
        assertFalse(c.exit().isDone(), "PID 1 without a SIGTERM handler ignores it");
        runtime.signal(c, 9);
        assertEquals(137, c.exit().get(10, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void missingBinaryLeavesNothingBehind() throws Exception {
        RuntimeSpec spec = spec(Resources.NONE, "nope");
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> runtime.start(spec));

        assertEquals(127, failure.exitCode());
        assertEquals("exec: \"nope\": executable file not found in $PATH", failure.getMessage());
        assertNothingLeft(spec);
    }

    @Test
    void missingWorkingDirIsA125() throws Exception {
        RuntimeSpec base = spec(Resources.NONE, "true");
        RuntimeSpec spec = new RuntimeSpec(base.containerId(), base.lowerDirs(), base.containerDir(), base.argv(),
                base.env(), "/no/such/dir", base.hostname(), "", base.resources());
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> runtime.start(spec));
        assertEquals(125, failure.exitCode());
        assertTrue(failure.getMessage().contains("/no/such/dir"), failure.getMessage());
        assertNothingLeft(spec);
    }

    @Test
    void aNewRuntimeAdoptsARunningContainer() throws Exception {
        RuntimeSpec spec = spec(Resources.NONE, "sleep", "100");
        RunningContainer first = runtime.start(spec);

        LinuxRuntime restarted = new LinuxRuntime(tmp.resolve("state"));
        assertTrue(restarted.adopt("0".repeat(64), tmp.resolve("never-started")).isEmpty());
        RunningContainer adopted = restarted.adopt(spec.containerId(), spec.containerDir()).orElseThrow();
        assertEquals(first.pid(), adopted.pid());
        assertEquals(first.monitorPid(), adopted.monitorPid());
        assertFalse(adopted.exit().isDone());

        restarted.signal(adopted, 9);
        assertEquals(137, adopted.exit().get(10, TimeUnit.SECONDS).exitCode());
        RunningContainer after = restarted.adopt(spec.containerId(), spec.containerDir()).orElseThrow();
        assertEquals(137, after.exit().get(10, TimeUnit.SECONDS).exitCode(), "recorded status after exit");
    }

    @Test
    void startsAgainOnTheSameUpperDir() throws Exception {
        RuntimeSpec write = spec(Resources.NONE, "sh", "-c", "echo kept > /tmp/mark");
        assertEquals(0, runtime.start(write).exit().get(10, TimeUnit.SECONDS).exitCode());
        runtime.release(write.containerId(), write.containerDir());

        RuntimeSpec read = new RuntimeSpec(write.containerId(), write.lowerDirs(), write.containerDir(),
                List.of("sh", "-c", "exit $(grep -c kept /tmp/mark)"), ENV, "/", "again", "", Resources.NONE);
        assertEquals(1, runtime.start(read).exit().get(10, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void terminalContainerGetsAPtyItsSizeAndWhatIsTyped() throws Exception {
        RuntimeSpec spec = spec(new Console(true, false), "sh", "-c",
                "[ -t 0 ] && [ -t 1 ] && echo on-a-tty; read line; echo \"size $(stty size) got $line\"; exit 4");
        RunningContainer c = runtime.start(spec);
        MonitorInput.resize(spec.containerDir(), 33, 101);
        try (MonitorInput input = MonitorInput.open(spec.containerDir())) {
            input.write("hello\n".getBytes());
        }

        assertEquals(4, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(spec.containerDir()).log());
        // raw terminal output: the pty turns \n into \r\n, and nothing goes to stderr
        assertTrue(log.contains("on-a-tty\\r\\n"), log);
        assertTrue(log.contains("size 33 101 got hello\\r\\n"), log);
        assertFalse(log.contains("\"stderr\""), log);
    }

    @Test
    void openStdinWithoutTerminalReadsEofOnceClosed() throws Exception {
        RuntimeSpec spec = spec(new Console(false, true), "sh", "-c", "wc -l; [ -t 0 ] || echo not-a-tty");
        RunningContainer c = runtime.start(spec);
        try (MonitorInput input = MonitorInput.open(spec.containerDir())) {
            input.write("a\n".getBytes());
            input.write("b\n".getBytes());
        }
        MonitorInput.closeStdin(spec.containerDir());

        assertEquals(0, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        String log = Files.readString(new ContainerFiles(spec.containerDir()).log());
        assertTrue(log.contains("{\"log\":\"2\\n\",\"stream\":\"stdout\""), log);
        assertTrue(log.contains("not-a-tty"), log);
    }

    @Test
    void withoutConsoleThereIsNoInput() throws Exception {
        RuntimeSpec spec = spec(Resources.NONE, "sh", "-c", "cat; echo stdin-was-empty");
        RunningContainer c = runtime.start(spec);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> MonitorInput.open(spec.containerDir()));
        assertEquals(0, c.exit().get(10, TimeUnit.SECONDS).exitCode());
        assertTrue(Files.readString(new ContainerFiles(spec.containerDir()).log()).contains("stdin-was-empty"));
    }

    @Test
    void anAdoptedTerminalContainerStillTakesInput() throws Exception {
        RuntimeSpec spec = spec(new Console(true, true), "sh", "-c", "read code; exit $code");
        runtime.start(spec);

        // the monitor holds the pty and the FIFOs: a new agent only opens them again
        LinuxRuntime restarted = new LinuxRuntime(tmp.resolve("state"));
        RunningContainer adopted = restarted.adopt(spec.containerId(), spec.containerDir()).orElseThrow();
        MonitorInput.resize(spec.containerDir(), 10, 20);
        try (MonitorInput input = MonitorInput.open(spec.containerDir())) {
            input.write("7\n".getBytes());
        }
        assertEquals(7, adopted.exit().get(10, TimeUnit.SECONDS).exitCode());
    }

    private RuntimeSpec spec(Console console, String... argv) throws IOException {
        RuntimeSpec base = spec(Resources.NONE, argv);
        made.remove(base);
        RuntimeSpec spec = new RuntimeSpec(base.containerId(), base.lowerDirs(), base.containerDir(), base.argv(),
                base.env(), "/", base.hostname(), "", Resources.NONE, base.security(), console);
        made.add(spec);
        return spec;
    }

    private RuntimeSpec spec(Resources resources, String... argv) throws IOException {
        String id = HexFormat.of().formatHex(randomBytes());
        Path dir = Files.createDirectories(tmp.resolve("containers").resolve(id));
        RuntimeSpec spec = new RuntimeSpec(id, List.of(lower), dir, List.of(argv), ENV, "/",
                "box-" + id.substring(0, 12), "", resources);
        made.add(spec);
        return spec;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private void assertNothingLeft(RuntimeSpec spec) throws IOException {
        Path rootfs = new ContainerFiles(spec.containerDir()).rootfs().toRealPath();
        assertFalse(MountTable.read().isMountPoint(rootfs), "rootfs still mounted: " + rootfs);
        assertFalse(runtime.cgroups().exists(spec.containerId()), "cgroup left for " + spec.containerId());
        boolean monitorLeft = ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> String.join(" ", a).contains(spec.containerId())).orElse(false));
        assertFalse(monitorLeft, "a monitor of " + spec.containerId() + " still runs");
    }
}
