package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker exec} through the real CLI: gateway hijack → agent stream endpoint → berth-exec in the container. */
@E2e
class ExecIT {
    private static DockerCli docker;
    private static String id;

    @BeforeAll
    static void container() {
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
    void userNamesComeFromTheContainersAccounts() {
        DockerCli.Result named = docker.run("exec", "-u", "nobody", id, "id");
        assertTrue(named.stdout().startsWith("uid=65534(nobody) gid=65534(nogroup)"), named.toString());
        DockerCli.Result numeric = docker.run("exec", "-u", "4242", id, "id", "-g");
        assertEquals("0", numeric.stdout().strip(), "as runc: a uid outside /etc/passwd runs with gid 0: " + numeric);
        DockerCli.Result withGroup = docker.run("exec", "-u", "nobody:root", id, "id", "-g");
        assertEquals("0", withGroup.stdout().strip(), withGroup.toString());
        DockerCli.Result ghost = docker.run("exec", "-u", "ghost", id, "true");
        assertEquals(126, ghost.exitCode(), "dockerd's code for an exec that cannot start: " + ghost);
        assertTrue(ghost.stderr().contains("unable to find user ghost: no matching entries in passwd file"),
                ghost.toString());
        DockerCli.Result run = docker.run("run", "--rm", "-u", "nobody", "busybox", "id", "-un");
        assertEquals("nobody", run.stdout().strip(), "docker run -u NAME as well: " + run);
        DockerCli.Result runGhost = docker.run("run", "--rm", "-u", "ghost", "busybox", "true");
        assertEquals(125, runGhost.exitCode(), runGhost.toString());
        assertTrue(runGhost.stderr().contains("unable to find user ghost"), runGhost.toString());
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

    /** The docker CLI in a shell pipeline, as a user types it: {@code printf INPUT | docker ARGS}. */
    private static String[] piped(String input, String dockerArgs) {
        return new String[]{"sh", "-c", "printf '" + input + "' | " + DockerCli.BINARY + " " + dockerArgs};
    }

    private static String shell(String[] argv, int expectedExit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + Platform.get().socket());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(expectedExit, p.exitValue(), out);
        return out.replace("\r", "");
    }

    @Test
    void stdinReachesTheProcessAndItsEndIsEof() throws Exception {
        assertEquals("hello\n", shell(piped("hello\\n", "exec -i " + id + " cat"), 0));
        assertEquals("3\n", shell(piped("a\\nb\\nc\\n", "exec -i " + id + " wc -l"), 0).replaceAll(" +", ""));
    }

    @Test
    void interactiveShellWithATerminal() throws Exception {
        // script(1) gives the CLI a terminal, so -it works as at a keyboard; the shell echoes what is typed,
        // computes 6*7 itself and exits with the code typed
        String out = shell(new String[]{"sh", "-c", "printf 'echo typed-$((6*7))\\nexit 5\\n' | script -qec '"
                + DockerCli.BINARY + " exec -it " + id + " sh' /dev/null"}, 5);
        assertTrue(out.contains("typed-42"), out);
    }
}
