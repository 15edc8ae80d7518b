package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.berth.deploy.e2e.ProcStatus.DOCKER_DEFAULT_CAPS;
import static io.berth.deploy.e2e.ProcStatus.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker's default confinement through the docker CLI: a container started with {@code docker run -d} keeps
 * Docker's 14 capabilities and no more, runs with no_new_privs, and finds /proc masked and read-only where
 * Docker's are. The container writes what it sees to a file, read from the host through /proc/PID/root.
 */
@E2e
class SecurityIT {
    private static final String PROBE = String.join("; ",
            "exec > /tmp/probe 2>&1",
            "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status",
            "test -c /proc/keys && echo keys-masked",
            "echo timer_list=$(head -c 16 /proc/timer_list | wc -c)",
            "echo 1 > /proc/sys/vm/drop_caches || echo sysctl-refused",
            "touch /sys/x || echo sys-refused",
            "mount -t tmpfs t /tmp || echo mount-refused",
            "mknod /tmp/mem c 1 1 && (head -c1 /tmp/mem || echo mem-refused)",
            "echo fds=$(ls /proc/self/fd | tr '\\n' ' ')",
            "touch /tmp/done",
            "exec sleep 100");

    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void aDefaultContainerIsConfinedAsDockerConfinesIt() throws Exception {
        DockerCli.Result run = docker.run("run", "-d", "busybox", "sh", "-c", PROBE);
        assertTrue(run.ok(), run.toString());
        String id = run.stdout().trim();
        made.add(id);
        DockerCli.Result inspect = docker.run("inspect", "-f", "{{.State.Pid}}", id);
        assertTrue(inspect.ok(), inspect.toString());
        long pid = Long.parseLong(inspect.stdout().trim());

        Path root = Path.of("/proc", Long.toString(pid), "root");
        awaitFile(root.resolve("tmp/done"));
        String seen = Files.readString(root.resolve("tmp/probe"));

        // Seen from the host too: the container's PID 1 (by now `sleep`) as the kernel reports it.
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        assertEquals(DOCKER_DEFAULT_CAPS, field(status, "CapEff"), status);
        assertEquals(DOCKER_DEFAULT_CAPS, field(status, "CapBnd"), status);
        assertEquals("1", field(status, "NoNewPrivs"), status);

        assertEquals(DOCKER_DEFAULT_CAPS, field(seen, "CapEff"), seen);
        assertEquals("1", field(seen, "NoNewPrivs"), seen);
        assertTrue(seen.contains("keys-masked\n"), seen);
        assertTrue(seen.contains("timer_list=0\n"), seen);
        assertTrue(seen.contains("sysctl-refused\n"), seen);
        assertTrue(seen.contains("sys-refused\n"), seen);
        assertTrue(seen.contains("mount-refused\n"), "no CAP_SYS_ADMIN: " + seen);
        // the devices cgroup refuses the open; in a user namespace (the default) the kernel refuses the mknod itself
        assertTrue(seen.contains("Operation not permitted") && seen.contains("mem-refused\n")
                        || seen.contains("mknod: /tmp/mem: Operation not permitted\n") && !seen.contains("mem-refused"),
                "/dev/mem stays closed: " + seen);
        assertTrue(seen.contains("fds=0 1 2 3\n"), "stdio and ls's own directory, nothing leaked: " + seen);
    }

    @Test
    void dockerFlagsChangeTheConfinement() throws Exception {
        assertEquals("0000000000000000", capEff("--cap-drop", "ALL"));
        // NET_ADMIN is bit 12: 0xa80425fb | 0x1000, less CHOWN (bit 0)
        assertEquals("00000000a80435fa", capEff("--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN"));
        String host = field(Files.readString(Path.of("/proc/self/status")), "CapBnd");
        assertEquals(host, capEff("--privileged"));

        DockerCli.Result ro = docker.run("run", "-d", "--read-only", "busybox", "sh", "-c", "touch /x");
        assertTrue(ro.ok(), ro.toString());
        made.add(ro.stdout().trim());
        assertEquals("1", docker.run("wait", ro.stdout().trim()).stdout().trim(), "touch fails on a read-only root");

        DockerCli.Result unknown = docker.run("run", "-d", "--cap-add", "FLY", "busybox", "true");
        assertEquals(125, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("unknown capability"), unknown.toString());
    }

    /** CapEff of a {@code sleep} container started with these flags, read from the host. */
    private static String capEff(String... flags) throws Exception {
        List<String> argv = new ArrayList<>(List.of("run", "-d"));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("busybox", "sleep", "100"));
        DockerCli.Result run = docker.run(argv.toArray(String[]::new));
        assertTrue(run.ok(), run.toString());
        made.add(run.stdout().trim());
        long pid = Long.parseLong(docker.run("inspect", "-f", "{{.State.Pid}}", run.stdout().trim()).stdout().trim());
        return field(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "CapEff");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the container never wrote " + file);
            }
            Thread.sleep(100);
        }
    }
}
