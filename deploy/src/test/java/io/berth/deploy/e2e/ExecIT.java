package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker exec} through the real CLI: gateway hijack → agent stream endpoint → berth-exec in the container. */
class ExecIT {
    private static DockerCli docker;
    private static String id;

    @BeforeAll
    static void container() {
        RootRequirement.check();
        docker = Platform.get().docker();
        DockerCli.Result run = docker.run("run", "-d", "busybox", "sleep", "1000");
        assertTrue(run.ok(), run.toString());
        id = run.stdout().trim();
    }

    @AfterAll
    static void remove() {
        if (id != null) {
            docker.run("rm", "-f", id);
        }
    }

    @Test
    void echoPrints() {
        DockerCli.Result r = docker.run("exec", id, "echo", "hi");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("hi\n", r.stdout());
    }

    @Test
    void exitCodeAndStderrComeThrough() {
        DockerCli.Result r = docker.run("exec", id, "sh", "-c", "echo oops >&2; exit 5");
        assertEquals(5, r.exitCode(), r.toString());
        assertEquals("oops\n", r.stderr());
    }

    @Test
    void psSeesTheContainersProcesses() {
        DockerCli.Result r = docker.run("exec", id, "ps", "-o", "pid,args");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().skip(1).map(String::strip).toList();
        assertTrue(lines.contains("1 sleep 1000"), r.stdout());
        assertFalse(r.stdout().contains("java"), r.stdout());
    }

    @Test
    void envWorkingDirAndUser() {
        DockerCli.Result r = docker.run("exec", "-e", "A=1", "-w", "/tmp", "-u", "65534", id,
                "sh", "-c", "echo $A; pwd; id -u");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("1\n/tmp\n65534\n", r.stdout());
    }

    @Test
    void missingBinaryIs127() {
        DockerCli.Result r = docker.run("exec", id, "nope");
        assertEquals(127, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("executable file not found in $PATH"), r.toString());
    }

    @Test
    void ttyIsAPseudoTerminal() {
        DockerCli.Result r = docker.run("exec", "-t", id, "tty");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().strip().matches("/dev/pts/\\d+"), r.toString());
    }

    @Test
    void noSuchContainer() {
        DockerCli.Result r = docker.run("exec", "nope-not-here", "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("No such container"), r.toString());
    }

    @Test
    void stoppedContainerIsAnError() {
        DockerCli.Result run = docker.run("run", "-d", "busybox", "true");
        assertTrue(run.ok(), run.toString());
        String stopped = run.stdout().trim();
        try {
            docker.run("wait", stopped);
            DockerCli.Result r = docker.run("exec", stopped, "true");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("is not running"), r.toString());
        } finally {
            docker.run("rm", "-f", stopped);
        }
    }
}
