package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker run -it}, {@code run -i}, {@code attach} and {@code resize} through the real CLI: the monitor's
 * pty and stdin FIFOs, fed by the agent's stdin route, reached through the gateway's hijacked attach. script(1)
 * gives the CLI the terminal -t needs; what is "typed" is piped into script.
 */
@E2e
class TerminalIT {
    private static DockerCli docker;
    private static MadeContainers made;
    private static Terminal terminal;

    @BeforeAll
    static void platform() {
        terminal = new Terminal(Platform.get().socket());
    }

    @Test
    void interactiveShellComputesAndExitsWithTheCodeTyped() throws Exception {
        made.add("term-run");
        String out = typed("echo $((6*7))\\nexit 3\\n", "run -it --rm --name term-run busybox sh", 3);
        // the typed line holds $((6*7)); only the shell's own answer is 42 on a line of its own
        assertTrue(out.lines().anyMatch(l -> l.strip().equals("42")), out);
        assertTrue(docker.run("inspect", "term-run").exitCode() != 0, "--rm removed it");
    }

    @Test
    void theTerminalIsTheContainersOwnPty() throws Exception {
        made.add("term-tty");
        String out = typed("tty; [ -t 0 ] && echo stdin-is-a-tty\\nexit\\n", "run -it --rm --name term-tty busybox sh", 0);
        assertTrue(out.lines().anyMatch(l -> l.strip().matches("/dev/pts/\\d+")), out);
        assertTrue(out.lines().anyMatch(l -> l.strip().equals("stdin-is-a-tty")), out);
    }

    @Test
    void resizeSetsTheWindowSizeTheShellSees() throws Exception {
        made.add("term-size");
        // the CLI resizes right after start, so the shell may read the line before that: it waits for the size
        String out = typed("until [ \"$(stty size)\" = \"33 101\" ]; do sleep 0.1; done; echo size $(stty size)\\nexit\\n",
                "run -it --rm --name term-size busybox sh", 0, "stty rows 33 cols 101; ");
        assertTrue(out.lines().anyMatch(l -> l.strip().equals("size 33 101")), out);
    }

    @Test
    void aTerminalStartsAtTheClientsSizeAndAShortRunEnds() throws Exception {
        // no waiting in the container: the size comes with the create (HostConfig.ConsoleSize), before the command
        // runs. Ten runs, because the CLI's resize lands while such a short container exits: that once hung the CLI.
        for (int i = 0; i < 10; i++) {
            String name = "term-first-size-" + i;
            made.add(name);
            String out = typed("", "run -t --rm --name " + name + " busybox stty size", 0, "stty rows 33 cols 101; ");
            assertTrue(out.lines().anyMatch(l -> l.strip().equals("33 101")), "run " + i + ": " + out);
        }
    }

    @Test
    void pipedStdinWithoutTerminalEndsWithTheClientsEof() throws Exception {
        made.add("term-cat");
        made.add("term-wc");
        assertEquals("hi\n", shell("echo hi | " + DockerCli.BINARY + " run -i --rm --name term-cat busybox cat", 0));
        assertEquals("3\n", shell("printf 'a\\nb\\nc\\n' | " + DockerCli.BINARY + " run -i --rm --name term-wc busybox wc -l", 0)
                .replace(" ", ""));
    }

    @Test
    void aLargeStdinArrivesWholeAndInOrder() throws Exception {
        made.add("term-big");
        // ~1.3 MB: far more than the FIFO and pipe buffers, so every hop has to wait for the next one
        String out = shell("seq 1 200000 | " + DockerCli.BINARY
                + " run -i --rm --name term-big busybox sh -c 'wc -l; echo done' ", 0);
        assertEquals("200000\ndone\n", out.replace(" ", ""));
        assertEquals("200000\n", shell("seq 1 200000 | " + DockerCli.BINARY
                + " run -i --rm --name term-big busybox tail -n 1", 0));
    }

    @Test
    void detachedTerminalContainerLogsAndAttach() throws Exception {
        String id = made.runDetached("-it", "--name", "term-bg", "busybox", "sh");
        // the prompt has no newline: a terminal's output is logged as it comes, not line by line
        assertTrue(eventuallyLogged(id, "/ # "), docker.run("logs", id).toString());
        String out = typed("echo attached-$((6*7))\\nexit 4\\n", "attach term-bg", 4);
        assertTrue(out.contains("attached-42"), out);
        DockerCli.Result logs = docker.run("logs", id);
        assertEquals(0, logs.exitCode(), logs.toString());
        assertTrue(logs.stdout().contains("attached-42"), logs.toString());
        assertEquals("4", made.inspect(id, "{{.State.ExitCode}}"));
        made.remove(id);
        assertEquals(0, docker.run("rm", id).exitCode());
        assertTrue(HostTraces.mounts(id).isEmpty(), HostTraces.mounts(id).toString());
        assertTrue(HostTraces.cgroups(id).isEmpty(), HostTraces.cgroups(id).toString());
    }

    @Test
    void resizeOfAStoppedContainerIsAConflict() {
        String id = made.runDetached("-t", "busybox", "true");
        assertEquals(0, docker.run("wait", id).exitCode());
        // the CLI resizes only while attached: ask the API as it does
        String out = HostTraces.exec(List.of("curl", "-s", "-w", "\n%{http_code}", "--unix-socket",
                Platform.get().socket().toString(), "-X", "POST",
                "http://localhost/v1.44/containers/" + id + "/resize?h=10&w=20"));
        assertTrue(out.endsWith("\n409"), out);
        assertTrue(out.contains("is not running"), out);
    }

    private static String typed(String input, String dockerArgs, int expectedExit) throws Exception {
        return terminal.typed(input, dockerArgs, expectedExit);
    }

    private static String typed(String input, String dockerArgs, int expectedExit, String before) throws Exception {
        return terminal.typed(input, dockerArgs, expectedExit, before);
    }

    private static String shell(String command, int expectedExit) throws Exception {
        return terminal.shell(command, expectedExit);
    }

    private static boolean eventuallyLogged(String id, String text) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (docker.run("logs", id).stdout().contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
