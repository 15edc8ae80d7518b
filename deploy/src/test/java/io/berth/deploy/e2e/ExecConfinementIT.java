package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker exec} is confined exactly like the container's first process: the same capability sets,
 * no_new_privs, seccomp filter, cgroup and namespaces, so from an exec nothing is possible that PID 1 could not do (mounting
 * sysfs or a cgroup hierarchy, raising the container's own memory limit); {@code --privileged} and {@code --user}
 * as Docker has them; and a working directory reached through a descriptor is refused as at the container's start.
 */
@E2e
class ExecConfinementIT {
    /** The status lines that make up a process's confinement. */
    private static final String CONFINEMENT = "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):";
    private static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";
    private static final long LIMIT = 64L * 1024 * 1024;

    private static DockerCli docker;
    private static MadeContainers made;
    private static String id;
    private static long pid;

    @BeforeAll
    static void container() {
        id = made.runDetached("-m", "64m", "busybox", "sleep", "1000");
        pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
    }

    @Test
    void anExecHasTheCapabilitiesAndNoNewPrivsOfPidOne() throws Exception {
        DockerCli.Result exec = docker.run("exec", id, "grep", "-E", CONFINEMENT, "/proc/self/status");
        assertEquals(0, exec.exitCode(), exec.toString());
        String pidOne = confinement(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        assertEquals(pidOne, exec.stdout(), "exec against PID 1 as the host sees it");
        assertEquals(DOCKER_DEFAULT_CAPS, field(exec.stdout(), "CapEff"), exec.stdout());
        assertEquals(DOCKER_DEFAULT_CAPS, field(exec.stdout(), "CapBnd"), exec.stdout());
        assertEquals("0000000000000000", field(exec.stdout(), "CapInh"), exec.stdout());
        assertEquals("0000000000000000", field(exec.stdout(), "CapAmb"), exec.stdout());
        assertEquals("1", field(exec.stdout(), "NoNewPrivs"), exec.stdout());
        assertEquals("2", field(exec.stdout(), "Seccomp"), "Docker's profile, as PID 1: " + exec.stdout());
    }

    @Test
    void anExecSharesPidOnesNamespacesAndCgroup() throws Exception {
        DockerCli.Result exec = docker.run("exec", id, "sh", "-c",
                "for n in mnt pid net ipc uts cgroup; do readlink /proc/self/ns/$n; done; "
                        + "cmp /proc/self/cgroup /proc/1/cgroup && echo same-cgroup");
        assertEquals(0, exec.exitCode(), exec.toString());
        StringBuilder expected = new StringBuilder();
        for (String ns : List.of("mnt", "pid", "net", "ipc", "uts", "cgroup")) {
            expected.append(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns))).append('\n');
        }
        expected.append("same-cgroup\n");
        assertEquals(expected.toString(), exec.stdout());
    }

    @Test
    void anExecCannotMount() {
        for (String[] mount : List.of(new String[] {"-t", "sysfs", "sysfs", "/tmp"},
                new String[] {"-t", "tmpfs", "t", "/tmp"}, new String[] {"-t", "cgroup2", "none", "/tmp"},
                new String[] {"-t", "cgroup", "-o", "memory", "none", "/tmp"},
                new String[] {"-t", "proc", "proc", "/tmp"})) {
            List<String> argv = new ArrayList<>(List.of("exec", id, "mount"));
            argv.addAll(List.of(mount));
            DockerCli.Result r = docker.run(argv.toArray(String[]::new));
            assertNotEquals(0, r.exitCode(), r.toString());
            // EPERM, in busybox's words ("permission denied (are you root?)") or libc's
            String why = r.stderr().toLowerCase(Locale.ROOT);
            assertTrue(why.contains("permission denied") || why.contains("not permitted"), r.toString());
        }
        DockerCli.Result mounts = docker.run("exec", id, "grep", "-c", " /tmp ", "/proc/self/mounts");
        assertEquals("0\n", mounts.stdout(), "nothing was mounted: " + mounts);
    }

    @Test
    void anExecCannotRaiseTheContainersMemoryLimit() throws Exception {
        Path memoryMax = hostMemoryLimit();
        assertEquals(Long.toString(LIMIT), Files.readString(memoryMax).strip());
        DockerCli.Result r = docker.run("exec", id, "sh", "-c",
                "mkdir -p /tmp/cg && (mount -t cgroup2 none /tmp/cg || mount -t cgroup -o memory none /tmp/cg) && "
                        + "(echo max > /tmp/cg/memory.max || echo -1 > /tmp/cg/memory.limit_in_bytes); "
                        + "echo max > /sys/fs/cgroup/memory.max");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertEquals(Long.toString(LIMIT), Files.readString(memoryMax).strip(), r.toString());
    }

    @Test
    void privilegedExecGetsEveryCapability() throws Exception {
        DockerCli.Result r = docker.run("exec", "--privileged", id, "grep", "-E", CONFINEMENT, "/proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        String host = field(Files.readString(Path.of("/proc/self/status")), "CapBnd");
        assertEquals(host, field(r.stdout(), "CapEff"), r.stdout());
        assertEquals(host, field(r.stdout(), "CapBnd"), r.stdout());
        // and the container itself is no less confined for it
        String pidOne = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        assertEquals(DOCKER_DEFAULT_CAPS, field(pidOne, "CapEff"), pidOne);
    }

    @Test
    void userExecRunsAsThatUserWithTheContainersBoundingSet() {
        DockerCli.Result r = docker.run("exec", "--user", "1000", id, "sh", "-c",
                "id -u; grep -E '" + CONFINEMENT + "' /proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("1000\n"), r.stdout());
        // as with Docker: a non-root user holds no capability, but its bounding set is still the container's
        assertEquals("0000000000000000", field(r.stdout(), "CapEff"), r.stdout());
        assertEquals("0000000000000000", field(r.stdout(), "CapPrm"), r.stdout());
        assertEquals(DOCKER_DEFAULT_CAPS, field(r.stdout(), "CapBnd"), r.stdout());
        assertEquals("1", field(r.stdout(), "NoNewPrivs"), r.stdout());
    }

    @Test
    void aWorkdirThroughADescriptorIsRefusedForExecAsForTheContainersStart() {
        for (int fd = 3; fd <= 5; fd++) {
            String dir = "/proc/self/fd/" + fd;
            DockerCli.Result exec = docker.run("exec", "-w", dir, id, "pwd");
            assertEquals(126, exec.exitCode(), exec.toString());
            assertTrue(exec.stderr().contains("chdir to cwd (\"" + dir + "\")"), exec.toString());

            String name = "berth-fdcwd-" + fd + "-" + ProcessHandle.current().pid();
            made.add(name);
            DockerCli.Result run = docker.run("run", "-d", "--name", name, "-w", dir, "busybox", "pwd");
            assertNotEquals(0, run.exitCode(), run.toString());
            assertTrue(run.stderr().contains("chdir to cwd (\"" + dir + "\")"), run.toString());
        }
    }

    /** The container's memory limit file on the host (v1 memory controller, else v2), from PID 1's cgroups. */
    private static Path hostMemoryLimit() throws Exception {
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

    private static String confinement(String status) {
        StringBuilder out = new StringBuilder();
        status.lines().filter(l -> l.matches(CONFINEMENT + ".*")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static String field(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + text));
    }
}
