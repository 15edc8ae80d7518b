package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.berth.deploy.e2e.ProcStatus.CONFINEMENT;
import static io.berth.deploy.e2e.ProcStatus.DOCKER_DEFAULT_CAPS;
import static io.berth.deploy.e2e.ProcStatus.confinement;
import static io.berth.deploy.e2e.ProcStatus.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker exec} is confined exactly like the container's first process: the same capability sets,
 * no_new_privs, seccomp filter, cgroup and namespaces, so from an exec nothing is possible that PID 1 could not do;
 * {@code --privileged} and {@code --user} as Docker has them. What an exec (and PID 1) then cannot do, escape by
 * escape, is {@link EscapesIT}'s.
 */
@E2e
class ExecConfinementIT {
    private static DockerCli docker;
    private static MadeContainers made;
    private static String id;
    private static long pid;

    @BeforeAll
    static void container() {
        id = made.runDetached("busybox", "sleep", "1000");
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
    void privilegedExecGetsEveryCapability() throws Exception {
        DockerCli.Result r = docker.run("exec", "--privileged", id, "grep", "-E", CONFINEMENT, "/proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        String host = ProcStatus.hostCaps();
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
}
