package io.berth.agent.runtime;

import io.berth.agent.sys.MountTable;
import io.berth.events.spec.Resources;
import io.berth.events.spec.Security;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Docker's confinement on the real kernel: capabilities, no_new_privs, masked /proc, read-only root. Needs root. */
class ConfinementRuntimeTest extends OnBusyboxRuntime {
    private static final List<String> ENV = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root");
    private static final Security DEFAULT = Security.DEFAULT;
    private static final String STATUS = "grep -E '^(Cap|NoNewPrivs)' /proc/self/status";

    @Override
    void assertReleased(RuntimeSpec spec) throws Exception {
        Path rootfs = new ContainerFiles(spec.containerDir()).rootfs();
        assertFalse(MountTable.read().isMountPoint(rootfs), "rootfs still mounted: " + rootfs);
    }

    @Test
    void defaultsAreDockers() throws Exception {
        String out = run(DEFAULT, "", STATUS
                + "; echo timer_list=$(head -c 16 /proc/timer_list | wc -c)"
                + "; test -c /proc/keys && test -c /proc/interrupts && echo keys-masked"
                + "; echo firmware=$(ls /sys/firmware | wc -l)"
                + "; test -e /proc/kcore && ! test -c /proc/kcore && echo kcore-visible"
                + "; echo b > /proc/sysrq-trigger || echo sysrq-refused"
                + "; echo 1 > /proc/sys/vm/drop_caches || echo sysctl-refused"
                + "; touch /sys/x || echo sys-refused"
                + "; mount -t tmpfs t /tmp || echo mount-refused"
                + "; echo fds=$(ls /proc/self/fd | tr '\\n' ' ')"
                + "; touch /x && echo root-writable");

        assertEquals("0000000000000000", field(out, "CapInh"));
        assertEquals("00000000a80425fb", field(out, "CapPrm"));
        assertEquals("00000000a80425fb", field(out, "CapEff"));
        assertEquals("00000000a80425fb", field(out, "CapBnd"));
        assertEquals("0000000000000000", field(out, "CapAmb"));
        assertEquals("1", field(out, "NoNewPrivs"));
        assertTrue(out.contains("timer_list=0\n"), "reads /dev/null: " + out);
        assertTrue(out.contains("keys-masked\n"), out);
        assertTrue(out.contains("firmware=0\n"), "an empty tmpfs: " + out);
        assertFalse(out.contains("kcore-visible"), out);
        assertTrue(out.contains("sysrq-refused\n"), out);
        assertTrue(out.contains("sysctl-refused\n"), out);
        assertTrue(out.contains("sys-refused\n"), out);
        assertTrue(out.contains("mount: permission denied") && out.contains("mount-refused\n"), "no CAP_SYS_ADMIN: " + out);
        assertTrue(out.contains("fds=0 1 2 3\n"), "stdio and ls's own directory only: " + out);
        assertTrue(out.contains("root-writable\n"), out);
    }

    @Test
    void dockersSeccompProfileFiltersTheContainerUnlessOptedOut() throws Exception {
        String out = run(DEFAULT, "", "grep Seccomp: /proc/self/status"
                + "; unshare -U true && echo userns-made || echo userns-refused; mkdir /tmp/d && echo mkdir-ok");
        assertEquals("2", field(out, "Seccomp"));
        assertTrue(out.contains("Operation not permitted") && out.contains("userns-refused\n"), "unshare: " + out);
        assertTrue(out.contains("mkdir-ok\n"), out);

        String unconfined = run(new Security(false, List.of(), List.of(), false, Security.UNCONFINED), "",
                "grep Seccomp: /proc/self/status");
        assertEquals("0", field(unconfined, "Seccomp"));
        assertEquals("0", field(run(new Security(true, List.of(), List.of(), false), "",
                "grep Seccomp: /proc/self/status"), "Seccomp"), "privileged");

        String custom = run(new Security(false, List.of(), List.of(), false, """
                {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}
                """), "", "grep Seccomp: /proc/self/status; mkdir /tmp/d && echo mkdir-ok || echo mkdir-refused");
        assertEquals("2", field(custom, "Seccomp"));
        assertTrue(custom.contains("Operation not permitted") && custom.contains("mkdir-refused\n"), custom);
    }

    @Test
    void aCompiledFilterIsKeptAndTheNextStartLoadsItOnlyForTheSameLines() throws Exception {
        String probe = "grep Seccomp: /proc/self/status; unshare -U true && echo userns-made || echo userns-refused";
        run(DEFAULT, "", probe);
        Path cache = tmp.resolve("state").resolve("seccomp");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        List<Path> kept;
        try (var files = Files.list(cache)) {
            kept = files.toList();
        }
        assertEquals(1, kept.size(), "one filter compiled, no temp file left: " + kept);
        String head = new String(Files.readAllBytes(kept.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("berth-seccomp 1\n") && head.contains("\ndefault "),
                "the lines are kept with the program: " + head.substring(0, 60));

        String cached = run(DEFAULT, "", probe);
        assertEquals("2", field(cached, "Seccomp"));
        assertTrue(cached.contains("userns-refused\n"), "the cached program filters as the compiled one: " + cached);

        // a file under that name holding other lines (a hash collision, a tampered file) is not taken
        byte[] other = ("berth-seccomp 1\n12\ndefault allow\n" + "\0".repeat(8)).getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(kept.get(0), other);
        String compiled = run(DEFAULT, "", probe);
        assertEquals("2", field(compiled, "Seccomp"));
        assertTrue(compiled.contains("userns-refused\n"), compiled);
        assertFalse(java.util.Arrays.equals(other, Files.readAllBytes(kept.get(0))), "compiled again and kept");
    }

    @Test
    void mknodWorksButTheDeviceStaysClosedAsInDocker() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/devices")), "device rules are a v1 cgroup here");
        // Docker keeps CAP_MKNOD and allows "c *:* m": making a node succeeds, opening a non-standard one does not.
        String out = run(DEFAULT, "", "mknod /tmp/null c 1 3 && echo ok > /tmp/null && echo null-usable"
                + "; mknod /tmp/mem c 1 1 && echo mem-made; head -c1 /tmp/mem || echo mem-refused");
        assertTrue(out.contains("null-usable\nmem-made\n"), out);
        assertTrue(out.contains("Operation not permitted") && out.contains("mem-refused"), out);
    }

    @Test
    void readOnlyRootKeepsDevAndShmWritable() throws Exception {
        String out = run(new Security(false, List.of(), List.of(), true), "",
                "touch /x || echo root-refused; touch /tmp/x || echo tmp-refused"
                        + "; echo ok > /dev/null && echo dev-null-ok; touch /dev/shm/x && echo shm-ok");
        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.contains("root-refused\n") && out.contains("tmp-refused\n"), "Docker's /tmp too: " + out);
        assertTrue(out.contains("dev-null-ok\nshm-ok\n"), out);
    }

    @Test
    void privilegedKeepsEverythingAndSeesAllOfProc() throws Exception {
        String out = run(new Security(true, List.of(), List.of(), false), "",
                STATUS + "; echo timer_list=$(head -c 16 /proc/timer_list | wc -c); mount -t tmpfs t /tmp && echo mounted");
        // Everything the agent itself may hand out (a sandboxed host can lack a few).
        String all = field(Files.readString(Path.of("/proc/self/status")), "CapBnd");
        assertEquals(all, field(out, "CapEff"));
        assertEquals(all, field(out, "CapBnd"));
        assertEquals("0", field(out, "NoNewPrivs"));
        assertTrue(out.contains("timer_list=16\n"), "not masked: " + out);
        assertTrue(out.contains("mounted\n"), out);
    }

    @Test
    void capAddAndDrop() throws Exception {
        String out = run(new Security(false, List.of("NET_ADMIN"), List.of("CHOWN"), false), "",
                STATUS + "; chown 1 /tmp || echo chown-refused; ip link set lo up && echo net-admin");
        assertEquals(String.format("%016x", 0xa80425fbL - 1 + (1L << 12)), field(out, "CapEff"));
        assertTrue(out.contains("chown-refused\n"), out);
        assertTrue(out.contains("net-admin\n"), out);

        String none = run(new Security(false, List.of(), List.of("ALL"), false), "", STATUS);
        assertEquals("0000000000000000", field(none, "CapEff"));
        assertEquals("0000000000000000", field(none, "CapBnd"));
    }

    @Test
    void aNonRootUserHasNoEffectiveCapabilities() throws Exception {
        String out = run(DEFAULT, "1000:1000", STATUS + "; id -u");
        assertEquals("0000000000000000", field(out, "CapEff"));
        assertEquals("0000000000000000", field(out, "CapPrm"));
        assertEquals("00000000a80425fb", field(out, "CapBnd"));
        assertTrue(out.contains("\n1000\n"), out);
    }

    @Test
    void anUnknownCapabilityIsTheCallersMistake() throws Exception {
        RuntimeSpec spec = spec(new Security(false, List.of("FLY"), List.of(), false), "", "true");
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> runtime.start(spec));
        assertTrue(failure.invalidSpec());
        assertEquals("invalid CapAdd: unknown capability: \"CAP_FLY\"", failure.getMessage());
        assertFalse(runtime.cgroups().exists(spec.containerId()));
    }

    @Test
    void theMonitorBinaryIsReadOnlyAndPrivate() throws Exception {
        run(DEFAULT, "", "true");
        Path state = tmp.resolve("state");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("r-xr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("berth-monitor"))));
    }

    /** Runs {@code sh -c script} to its end and returns what it wrote, stdout and stderr in order. */
    private String run(Security security, String user, String script) throws Exception {
        // One pipe for both streams, so the log keeps the order they were written in.
        RuntimeSpec spec = spec(security, user, "sh", "-c", "exec 2>&1; " + script);
        RunningContainer c = runtime.start(spec);
        c.exit().get(20, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(new ContainerFiles(spec.containerDir()).log());
        return lines.stream().map(l -> l.replaceAll("^\\{\"log\":\"(.*)\",\"stream\".*$", "$1")
                .replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"")).collect(Collectors.joining());
    }

    private static String field(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + out));
    }

    private RuntimeSpec spec(Security security, String user, String... argv) throws IOException {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Path dir = Files.createDirectories(tmp.resolve("containers").resolve(id));
        RuntimeSpec spec = new RuntimeSpec(id, List.of(lower), dir, List.of(argv), ENV, "/", "box", user,
                Resources.NONE, security);
        made.add(spec);
        return spec;
    }
}
