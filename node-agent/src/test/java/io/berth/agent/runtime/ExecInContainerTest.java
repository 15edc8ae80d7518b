package io.berth.agent.runtime;

import io.berth.agent.testing.RootRequirement;
import io.berth.agent.exec.ExecConfig;
import io.berth.agent.exec.ExecProcess;
import io.berth.agent.exec.ExecRunner;
import io.berth.agent.sys.LibcSyscalls;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker exec's native half on the real kernel: berth-exec joining a container the real runtime started. */
class ExecInContainerTest {
    private static Path tmp;
    private static LinuxRuntime runtime;
    private static RuntimeSpec spec;
    private static RunningContainer container;
    private static ExecRunner runner;

    /** What one exec printed and how it ended. */
    record Result(String out, String err, int code) {
    }

    @BeforeAll
    static void container() throws Exception {
        RootRequirement.require("ExecInContainerTest");
        tmp = Files.createTempDirectory("berth-exec");
        Path lower = BusyboxRootfs.build(tmp.resolve("layer"));
        runtime = new LinuxRuntime(tmp.resolve("state"));
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        spec = new RuntimeSpec(id, List.of(lower), Files.createDirectories(tmp.resolve("c").resolve(id)),
                List.of("sleep", "1000"), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "FROM_IMAGE=yes"), "/",
                "box-" + id.substring(0, 12), "", Resources.NONE);
        container = runtime.start(spec);
        runner = new ExecRunner(tmp.resolve("state"), new LibcSyscalls());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (container != null) {
            runtime.signal(container, 9);
            container.exit().get(10, TimeUnit.SECONDS);
            runtime.release(spec.containerId(), spec.containerDir());
        }
        if (tmp != null) {
            try (Stream<Path> tree = Files.walk(tmp)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void echoPrintsAndExitsZero() throws Exception {
        Result r = exec(config("echo", "hi"));
        assertEquals(new Result("hi\n", "", 0), r);
    }

    @Test
    void exitCodeIsTheProcesssOwn() throws Exception {
        assertEquals(5, exec(config("sh", "-c", "echo oops >&2; exit 5")).code());
        assertEquals("oops\n", exec(config("sh", "-c", "echo oops >&2; exit 5")).err());
    }

    @Test
    void psSeesOnlyTheContainersProcesses() throws Exception {
        Result r = exec(config("ps", "-o", "pid,args"));
        List<String> lines = r.out().lines().skip(1).map(String::strip).toList();
        assertEquals(0, r.code(), r.err());
        assertTrue(lines.contains("1 sleep 1000"), r.out());
        // Besides init and ps only zombies of earlier killed execs ("[sleep]": a sleep as init reaps nobody).
        for (String line : lines) {
            assertTrue(line.equals("1 sleep 1000") || line.endsWith(" ps -o pid,args") || line.endsWith("]"),
                    "nothing of the host: " + r.out());
        }
    }

    @Test
    void hostnameIsTheContainers() throws Exception {
        assertEquals(spec.hostname() + "\n", exec(config("hostname")).out());
    }

    @Test
    void envUserAndWorkingDir() throws Exception {
        ExecConfig config = new ExecConfig(List.of("sh", "-c", "echo $A $FROM_IMAGE; id -u; id -g; pwd"),
                List.of("A=1"), "65534", "/tmp", false, 0, 0);
        // the test root has no account for 65534: as runc, the gid is 0
        assertEquals("1 yes\n65534\n0\n/tmp\n", exec(config).out());
    }

    @Test
    void missingBinaryIs127InDockersWords() throws Exception {
        Result r = exec(config("nope"));
        assertEquals(127, r.code());
        assertEquals("OCI runtime exec failed: exec failed: unable to start container process: exec: \"nope\": "
                + "executable file not found in $PATH: unknown\n", r.err());
    }

    @Test
    void missingWorkingDirIs126() throws Exception {
        Result r = exec(new ExecConfig(List.of("true"), List.of(), "", "/no/such", false, 0, 0));
        assertEquals(126, r.code());
        assertTrue(r.err().contains("chdir to cwd (\"/no/such\") set in config.json failed: no such file or directory"),
                r.err());
    }

    @Test
    void ttyGivesAPseudoTerminalOfTheContainer() throws Exception {
        Result r = exec(new ExecConfig(List.of("sh", "-c", "tty; stty size"), List.of(), "", "", true, 33, 101));
        assertEquals(0, r.code(), r.err());
        assertEquals("/dev/pts/0\r\n33 101\r\n", r.out());
    }

    @Test
    void aResizeReachesATtyExecThroughItsControlFifo() throws Exception {
        ExecProcess p = runner.start(ExecTarget.of(container, spec.containerDir(), tmp.resolve("state")),
                new ExecConfig(List.of("sh", "-c", "until [ \"$(stty size)\" = \"40 120\" ]; do sleep 0.05; done; "
                        + "echo resized"), List.of(), "", "", true, 24, 80));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.stdout()));
        // at once, as the CLI does: the FIFO exists before berth-exec does, so this is never lost
        p.resize(40, 120);
        assertEquals(0, p.exit().get(10, TimeUnit.SECONDS));
        assertEquals("resized\r\n", out.get(10, TimeUnit.SECONDS));
        try (var left = Files.list(tmp.resolve("state"))) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".control")), "FIFO removed");
        }
    }

    @Test
    void aWorkdirThroughADescriptorIsRefused() throws Exception {
        for (int fd = 3; fd <= 6; fd++) {
            Result r = exec(new ExecConfig(List.of("pwd"), List.of(), "", "/proc/self/fd/" + fd, false, 0, 0));
            assertEquals(126, r.code(), r.err());
            assertTrue(r.err().contains("chdir to cwd (\"/proc/self/fd/" + fd + "\")"), r.err());
        }
    }

    @Test
    void theExecRunsInTheContainersCgroup() throws Exception {
        ExecProcess p = runner.start(ExecTarget.of(container, spec.containerDir(), tmp.resolve("state")),
                config("sleep", "30"));
        try {
            long child = awaitChild(p.pid());
            String cgroups = Files.readString(Path.of("/proc/" + child + "/cgroup"));
            String init = Files.readString(Path.of("/proc/" + container.pid() + "/cgroup"));
            assertEquals(init, cgroups);
            assertTrue(cgroups.contains(spec.containerId()), cgroups);
        } finally {
            p.kill();
            assertEquals(137, p.exit().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anExecAsAnotherUserDiesWithItsHelperToo() throws Exception {
        // a change of ids clears the parent-death signal, so it must be set after them
        ExecProcess p = runner.start(ExecTarget.of(container, spec.containerDir(), tmp.resolve("state")),
                new ExecConfig(List.of("sleep", "30"), List.of(), "1000", "", false, 0, 0));
        long child = awaitChild(p.pid());
        assertTrue(Files.readString(Path.of("/proc/" + child + "/status")).contains("\nUid:\t1000\t"));
        p.kill();
        assertEquals(137, p.exit().get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "sleep " + child + " killed");
    }

    private static long awaitChild(long helper) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var child = ProcessHandle.of(helper).flatMap(h -> h.children().findFirst());
            if (child.isPresent() && cmdline(child.get().pid()).startsWith("sleep")) {
                return child.get().pid();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("berth-exec " + helper + " started no sleep");
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        } catch (IOException e) {
            return "";
        }
    }

    private static ExecConfig config(String... argv) {
        return new ExecConfig(List.of(argv), List.of(), "", "", false, 0, 0);
    }

    private static Result exec(ExecConfig config) throws Exception {
        ExecProcess p = runner.start(ExecTarget.of(container, spec.containerDir(), tmp.resolve("state")), config);
        p.stdin().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.stderr()));
        String out = drain(p.stdout());
        return new Result(out, err.get(10, TimeUnit.SECONDS), p.exit().get(10, TimeUnit.SECONDS));
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
