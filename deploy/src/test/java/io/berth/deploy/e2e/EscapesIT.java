package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.berth.deploy.e2e.ProcStatus.CONFINEMENT;
import static io.berth.deploy.e2e.ProcStatus.DOCKER_DEFAULT_CAPS;
import static io.berth.deploy.e2e.ProcStatus.NO_CAPS;
import static io.berth.deploy.e2e.ProcStatus.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The known container escapes, each attempted through the docker CLI from a container's first process
 * ({@code docker run}) and from {@code docker exec} into a running container, and each shown refused: with the
 * host left as it was where the escape would have changed it. The raw syscalls come from
 * {@code src/test/c/escape.c}, built here with gcc -static and bound read-only at /p; the rest is busybox.
 */
@E2e
class EscapesIT {
    private static final long LIMIT = 64L * 1024 * 1024;
    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final int ENOSYS = 38;

    private static DockerCli docker;
    private static MadeContainers made;
    private static Path probes;
    /** The running container every exec goes into: the same flags as each {@code docker run} here. */
    private static String target;

    /** Where an escape is attempted from. */
    enum From {
        /** The container's first process: {@code docker run} (the script's {@code exec} makes a command PID 1). */
        RUN,
        /** A process {@code docker exec} started in a running container. */
        EXEC
    }

    @BeforeAll
    static void probes() throws Exception {
        RootRequirement.check();
        probes = made.scratch("berth-escapes");
        StaticProbe.build(probes, "escape");
        target = made.runDetached(flags("busybox", "sleep", "1000"));
    }

    /** What every container here runs with: a memory limit to try to raise, and the probes. */
    private static String[] flags(String... rest) {
        List<String> all = new ArrayList<>(List.of("-m", "64m", "-v", probes + ":/p:ro"));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** {@code sh -c script} as the container's first process, or as an exec into {@link #target}. */
    private static DockerCli.Result sh(From from, String script) {
        return from == From.RUN
                ? docker.run(concat(List.of("run", "--rm"), flags("busybox", "sh", "-c", script)))
                : docker.run("exec", target, "sh", "-c", script);
    }

    // ---------- the confinement every attempt below runs under ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void everyProcessHasDockersCapabilitiesNoNewPrivsAndSeccomp(From from) {
        DockerCli.Result r = sh(from, "exec grep -E '" + CONFINEMENT + "' /proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        String s = r.stdout();
        for (String set : List.of("CapEff", "CapPrm", "CapBnd")) {
            assertEquals(DOCKER_DEFAULT_CAPS, field(s, set), set + ": " + s);
        }
        assertEquals(NO_CAPS, field(s, "CapInh"), s);
        assertEquals(NO_CAPS, field(s, "CapAmb"), s);
        assertEquals("1", field(s, "NoNewPrivs"), s);
        assertEquals("2", field(s, "Seccomp"), s);
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void unconfinedAndPrivilegedOptOut(From from) {
        String unconfined = status(from, "--security-opt", "seccomp=unconfined");
        assertEquals("0", field(unconfined, "Seccomp"), unconfined);
        assertEquals(DOCKER_DEFAULT_CAPS, field(unconfined, "CapEff"), "no seccomp, the same capabilities");
        String privileged = status(from, "--privileged");
        assertEquals("0", field(privileged, "Seccomp"), privileged);
        assertEquals(ProcStatus.hostCaps(), field(privileged, "CapEff"), privileged);
        assertEquals(ProcStatus.hostCaps(), field(privileged, "CapBnd"), privileged);
        assertEquals("0", field(privileged, "NoNewPrivs"), privileged);
    }

    private static String status(From from, String... opt) {
        String grep = "grep -E '" + CONFINEMENT + "' /proc/self/status";
        DockerCli.Result r;
        if (from == From.RUN) {
            r = docker.run(concat(List.of("run", "--rm"), concat(List.of(opt), "busybox", "sh", "-c", "exec " + grep)));
        } else {
            String id = made.runDetached(concat(List.of(opt), "busybox", "sleep", "1000"));
            r = docker.run("exec", id, "sh", "-c", grep);
            rm(id);
        }
        assertEquals(0, r.exitCode(), r.toString());
        return r.stdout();
    }

    // ---------- 1. CVE-2019-5736: the host-side helper through /proc/<pid>/exe ----------

    /**
     * A watcher in the container stops each new process the moment it appears (SIGSTOP), and while it is still
     * berth-exec (before its execve of the command) tries its /proc/<pid>/exe and /proc/<pid>/fd/N for write,
     * holds them for a reopen after berth-exec has exited, and PTRACE_ATTACHes; meanwhile the test runs
     * {@code docker exec C true} again and again. The helpers on the host must not change, and no attempt work.
     */
    @ParameterizedTest
    @EnumSource(From.class)
    void theHostHelpersCannotBeReachedThroughProcExe(From from) throws Exception {
        String[] watch = {"/p/escape", "exe-watch", "berth-exec", "/tmp"};
        String id = from == From.RUN ? made.runDetached(flags(concat(List.of("busybox"), watch)))
                : made.runDetached(flags("busybox", "sleep", "1000"));
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        Path monitor = Files.readSymbolicLink(Path.of("/proc", Long.toString(monitorPid(pid)), "exe"));
        List<Path> helpers = List.of(monitor, monitor.resolveSibling("berth-exec"));
        Map<Path, String> before = sha256(helpers);
        if (from == From.EXEC) {
            DockerCli.Result exec = docker.run(concat(List.of("exec", "-d", id), watch));
            assertEquals(0, exec.exitCode(), exec.toString());
        }
        Path root = Path.of("/proc", Long.toString(pid), "root");
        awaitFile(root.resolve("tmp/ready"));
        for (int i = 0; i < 40; i++) {
            DockerCli.Result r = docker.run("exec", id, "true");
            assertEquals(0, r.exitCode(), r.toString());
        }
        Files.writeString(root.resolve("tmp/stop"), "");
        Path resultFile = root.resolve("tmp/result");
        if (!Eventually.holds(Duration.ofSeconds(30), () -> Files.exists(resultFile))) {
            DockerCli.Result ps = docker.run("exec", id, "ps", "-o", "pid,stat,comm");
            throw new AssertionError("the watcher never wrote its result; in the container: " + ps);
        }
        String result = Files.readString(resultFile).strip();
        rm(id);

        System.out.printf("berth e2e: exe watcher from %s: %s%n", from, result);
        Map<String, Integer> counts = counts(result);
        assertTrue(counts.get("caught") > 0, "the watcher must have caught berth-exec before its execve: " + result);
        counts.remove("caught");
        counts.forEach((attempt, n) -> assertEquals(0, n, attempt + " worked: " + result));
        assertEquals(before, sha256(helpers), "the host's helpers are unchanged");
    }

    private static long monitorPid(long pid) {
        return Long.parseLong(field(ProcStatus.ofHostPid(pid), "PPid"));
    }

    // ---------- 2. CVE-2024-21626: a leaked descriptor as the working directory ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void aWorkdirThroughADescriptorIsRefused(From from) {
        for (int fd = 3; fd <= 20; fd++) {
            String dir = "/proc/self/fd/" + fd;
            DockerCli.Result r = from == From.RUN
                    ? docker.run(concat(List.of("run", "--rm", "-w", dir), flags("busybox", "pwd")))
                    : docker.run("exec", "-w", dir, target, "pwd");
            assertNotEquals(0, r.exitCode(), r.toString());
            assertEquals("", r.stdout(), "no path printed, of the host or any: " + r);
            assertTrue(r.stderr().contains("chdir to cwd (\"" + dir + "\")"), r.toString());
        }
        // and nothing is left open for one to be: stdio, and ls's own /proc/self/fd
        DockerCli.Result fds = sh(from, "exec ls -l /proc/self/fd/");
        assertEquals(0, fds.exitCode(), fds.toString());
        fds.stdout().lines().filter(l -> l.contains(" -> ")).map(l -> l.substring(l.indexOf(" -> ") + 4))
                .forEach(t -> assertTrue(t.matches("(pipe|socket):\\[\\d+]|/dev/.*|/proc/\\d+/fd"),
                        "a descriptor to " + t + ": " + fds));
    }

    // ---------- 3, 4, 5. mount, unshare, keyctl ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void mountIsRefused(From from) {
        List<String> mounts = List.of("-t proc proc", "-t sysfs sysfs", "-t tmpfs t", "-o bind /p",
                "-t cgroup -o memory none", "-t cgroup2 none");
        StringBuilder script = new StringBuilder("mkdir -p /tmp/m; ");
        mounts.forEach(m -> script.append("mount ").append(m).append(" /tmp/m && echo MOUNTED || echo refused; "));
        script.append("grep -c ' /tmp/m ' /proc/self/mounts");
        DockerCli.Result r = sh(from, script.toString());
        assertEquals("refused\n".repeat(mounts.size()) + "0\n", r.stdout(), r.toString());
        // EPERM: busybox says "permission denied (are you root?)"
        assertEquals(mounts.size(), r.stderr().split("permission denied", -1).length - 1, r.toString());
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void unshareIsRefused(From from) {
        DockerCli.Result r = sh(from, "for f in -U -m -n -p -i -u; do unshare $f true && echo UNSHARED $f "
                + "|| echo refused; done");
        assertEquals("refused\n".repeat(6), r.stdout(), r.toString());
        assertEquals(6, r.stderr().split("Operation not permitted", -1).length - 1, r.toString());
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void keyctlIsRefused(From from) {
        DockerCli.Result r = sh(from, "exec /p/escape keyctl");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("add_key=" + EPERM + " keyctl=" + EPERM + " request_key=" + EPERM + "\n", r.stdout(),
                "the seccomp profile's EPERM: " + r);
    }

    // ---------- 6. ptrace of processes outside ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void processesOutsideCannotBeSeenOrTraced(From from) {
        String other = made.runDetached("busybox", "sleep", "1000");
        long otherPid = Long.parseLong(made.inspect(other, "{{.State.Pid}}"));
        long targetPid = Long.parseLong(made.inspect(target, "{{.State.Pid}}"));
        List<Long> outside = List.of(ProcessHandle.current().pid(), monitorPid(targetPid), otherPid, targetPid);
        StringBuilder script = new StringBuilder("exec /p/escape ptrace");
        outside.forEach(p -> script.append(' ').append(p));
        DockerCli.Result r = sh(from, script.toString());
        rm(other);
        assertEquals(0, r.exitCode(), r.toString());
        for (long p : outside) {
            // not in the container's pid namespace: no such process, for a signal as for ptrace
            assertTrue(r.stdout().contains("pid " + p + " kill=" + ESRCH + " attach=" + ESRCH + "\n"),
                    "host pid " + p + ": " + r);
        }
    }

    // ---------- 7. mknod of the host's block devices ----------

    /**
     * The host's root disk, and a block device this test itself can read (this environment keeps some, the
     * root disk among them, even from the host's root, so the root disk alone would prove nothing here).
     */
    @ParameterizedTest
    @EnumSource(From.class)
    void theHostsBlockDevicesCannotBeOpenedThroughMknod(From from) throws Exception {
        long rootDisk = (Long) Files.getAttribute(Path.of("/"), "unix:dev");
        for (long dev : List.of(rootDisk, openableBlockDevice())) {
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String node = "/dev/berth-disk";
            DockerCli.Result r = sh(from, "if mknod " + node + " b " + major + " " + minor + "; then echo made; "
                    + "head -c 512 " + node + " > /dev/null && echo READ || echo read-refused; "
                    + "(exec 3<>" + node + ") && echo OPENED || echo rw-refused; rm -f " + node
                    + "; else echo mknod-refused; fi");
            // Docker's devices rules allow the mknod (b *:* m) and refuse every use of a block device; in a user
            // namespace (Berth's default) the kernel refuses the mknod itself
            String out = r.stdout().replaceFirst("^made\n", "");
            assertTrue(out.equals("read-refused\nrw-refused\n") || out.equals("mknod-refused\n"),
                    major + ":" + minor + " " + r);
            assertTrue(r.stderr().contains("Operation not permitted"), "the devices cgroup's EPERM: " + r);
        }
    }

    /** The device number of a block device in /dev the test (root on the host) can open for reading. */
    private static long openableBlockDevice() throws IOException {
        try (var devs = Files.list(Path.of("/dev"))) {
            for (Path p : devs.sorted().toList()) {
                if (((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) != 0060000) {
                    continue;
                }
                try (var ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    return (Long) Files.getAttribute(p, "unix:rdev");
                } catch (IOException refused) {
                    // kept from the host's root too: the next
                }
            }
        }
        throw new AssertionError("no block device in /dev that root can open on this host");
    }

    // ---------- 8. writes to /sys and /proc/sys ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void sysAndProcSysAreReadOnly(From from) throws Exception {
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put("/proc/sys/kernel/core_pattern", "|/p/escape");
        writes.put("/proc/sys/vm/drop_caches", "1");
        writes.put("/sys/kernel/mm/transparent_hugepage/enabled", "never");
        writes.put("/sys/kernel/mm/ksm/run", "1");
        writes.put("/sys/kernel/uevent_helper", "/p/escape");
        writes.put("/proc/sysrq-trigger", "h");
        writes.keySet().removeIf(p -> !Files.exists(Path.of(p)));
        Map<String, String> before = readable(writes.keySet());
        StringBuilder script = new StringBuilder();
        writes.forEach((p, v) -> script.append("echo '").append(v).append("' > ").append(p)
                .append(" && echo WROTE ").append(p).append(" || echo refused; "));
        DockerCli.Result r;
        try {
            r = sh(from, script.toString());
        } finally {
            restore(before);
        }
        assertEquals("refused\n".repeat(writes.size()), r.stdout(), r.toString());
        assertEquals(writes.size(), r.stderr().split("Read-only file system", -1).length - 1, r.toString());
        assertEquals(before, readable(writes.keySet()), "the host's values");
    }

    /** Docker's masked paths show nothing, its read-only ones are read-only mounts: as the host has them. */
    @ParameterizedTest
    @EnumSource(From.class)
    void dockersMaskedAndReadOnlyPathsAreSo(From from) {
        List<String> masked = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware", "/sys/devices/virtual/powercap");
        List<String> readOnly = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        StringBuilder script = new StringBuilder();
        for (String p : masked) {
            // a masked file is /dev/null, a masked directory an empty tmpfs
            script.append("echo ").append(p).append(" $(test -d ").append(p).append(" && ls -A ").append(p)
                    .append(" | wc -l || wc -c < ").append(p).append("); ");
        }
        script.append("cat /proc/self/mountinfo");
        DockerCli.Result r = sh(from, script.toString());
        assertEquals(0, r.exitCode(), r.toString());
        for (String p : masked) {
            if (Files.exists(Path.of(p))) {
                assertTrue(r.stdout().contains(p + " 0\n"), p + " shows nothing: " + r);
            }
        }
        for (String p : readOnly) {
            if (Files.exists(Path.of(p))) {
                boolean ro = r.stdout().lines().map(l -> l.split(" "))
                        .anyMatch(f -> f.length > 5 && f[4].equals(p) && (f[5] + ",").startsWith("ro,"));
                assertTrue(ro, p + " is a read-only mount: " + r);
            }
        }
    }

    // ---------- 9. open_by_handle_at ("shocker") ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void openByHandleIsRefused(From from) {
        // /p is a bind of a host directory: its filesystem is the host's
        DockerCli.Result r = sh(from, "exec /p/escape shocker /p");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("open_by_handle_at=" + EPERM + " host_root=" + EPERM + "\n"),
                "the seccomp profile's EPERM (no CAP_DAC_READ_SEARCH): " + r);
    }

    // ---------- 10. raising the container's own cgroup limits ----------

    @ParameterizedTest
    @EnumSource(From.class)
    void theContainersOwnMemoryLimitCannotBeRaised(From from) throws Exception {
        String script = "mkdir -p /tmp/cg; "
                + "echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes && echo RAISED || echo refused; "
                + "echo max > /sys/fs/cgroup/memory.max && echo RAISED || echo refused; "
                + "mount -t cgroup -o memory none /tmp/cg && echo -1 > /tmp/cg/memory.limit_in_bytes "
                + "&& echo RAISED || echo refused; "
                + "mount -t cgroup2 none /tmp/cg && echo max > /tmp/cg/memory.max && echo RAISED || echo refused";
        String out;
        long pid;
        if (from == From.RUN) {
            String id = made.runDetached(flags("busybox", "sh", "-c",
                    "(" + script + ") > /tmp/out 2>&1; touch /tmp/done; exec sleep 1000"));
            pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
            Path root = Path.of("/proc", Long.toString(pid), "root");
            awaitFile(root.resolve("tmp/done"));
            out = Files.readString(root.resolve("tmp/out"));
            assertEquals(Long.toString(LIMIT), Files.readString(hostMemoryLimit(pid)).strip(), out);
            rm(id);
        } else {
            pid = Long.parseLong(made.inspect(target, "{{.State.Pid}}"));
            DockerCli.Result r = docker.run("exec", target, "sh", "-c", script);
            out = r.stdout();
            assertEquals(Long.toString(LIMIT), Files.readString(hostMemoryLimit(pid)).strip(), out);
        }
        assertEquals(4, out.split("refused\n", -1).length - 1, out);
        assertFalse(out.contains("RAISED"), out);
    }

    /** The container's memory limit file on the host (v1 memory controller, else v2), from PID 1's cgroups. */
    private static Path hostMemoryLimit(long pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains("memory")) {
                return Path.of("/sys/fs/cgroup/memory" + f[2], "memory.limit_in_bytes");
            }
        }
        String v2 = lines.stream().filter(l -> l.startsWith("0::/")).findFirst()
                .orElseThrow(() -> new AssertionError("no memory cgroup in " + lines));
        return Path.of("/sys/fs/cgroup" + v2.substring(3), "memory.max");
    }

    // ---------- plumbing ----------

    private static void rm(String id) {
        DockerCli.Result r = docker.run("rm", "-f", id);
        assertTrue(r.ok(), r.toString());
        made.remove(id);
    }

    private static Path awaitFile(Path file) {
        assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> Files.exists(file)), "never written: " + file);
        return file;
    }

    /** "a=1 b=0" as a map, in order. */
    private static Map<String, Integer> counts(String line) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String pair : line.split(" ")) {
            String[] kv = pair.split("=", 2);
            counts.put(kv[0], Integer.parseInt(kv[1]));
        }
        return counts;
    }

    private static Map<Path, String> sha256(List<Path> files) throws Exception {
        Map<Path, String> sums = new LinkedHashMap<>();
        for (Path f : files) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(f)) {
                digest.update(in.readAllBytes());
            }
            sums.put(f, HexFormat.of().formatHex(digest.digest()));
        }
        return sums;
    }

    /** The values of those files the host can read (some, like drop_caches, are write-only). */
    private static Map<String, String> readable(Iterable<String> paths) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : paths) {
            try {
                values.put(p, Files.readString(Path.of(p)));
            } catch (IOException e) {
                // write-only: nothing to compare
            }
        }
        return values;
    }

    /** Should a write have got through after all, the host gets its value back before the test fails. */
    private static void restore(Map<String, String> before) throws IOException {
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = Files.readString(Path.of(e.getKey()));
            if (!now.equals(e.getValue())) {
                String value = e.getValue().strip();
                // sysfs choice lists read "a [b] c": the bracketed word is what to write back
                int open = value.indexOf('[');
                Files.writeString(Path.of(e.getKey()),
                        open >= 0 ? value.substring(open + 1, value.indexOf(']')) : value);
            }
        }
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
