package io.berth.agent.exec;

import io.berth.agent.runtime.ExecTargets;
import io.berth.agent.runtime.ExecTarget;
import io.berth.agent.runtime.IdRange;
import io.berth.events.spec.Security;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The berth-exec command line: an exec carries the confinement of the container it joins, or Docker's opt-outs. */
class ExecCommandLineTest {
    private static final Path CONTROL = Path.of("/run/berth/exec-1.control");

    @Test
    void aDefaultExecGetsTheContainersCapabilitiesAndNoNewPrivs() {
        ExecTarget target = ExecTargets.of(new Security(false, List.of(), List.of(), false, "unconfined"), "");
        List<String> cmd = ExecCommandLine.of(target, config("", false, false), CONTROL);

        assertEquals(List.of("/helper", "--pid", "42", "--cgroup", "/cg/berth/c/cgroup.procs",
                "--env", "PATH=/bin", "--env", "HOME=/root", "--cwd", "/", "--caps", "a80425fb",
                "--no_new_privs", "1", "--", "id"), cmd);
    }

    @Test
    void anExecJoinsTheContainersUserNamespaceWithTheContainersIds() {
        ExecTarget target = ExecTargets.of(new Security(false, List.of(), List.of(), false, "unconfined"), "1000:50",
                new IdRange(165_536, 65_536));
        List<String> cmd = ExecCommandLine.of(target, config("", false, false), CONTROL);

        assertEquals(List.of("/helper", "--pid", "42", "--cgroup", "/cg/berth/c/cgroup.procs",
                "--env", "PATH=/bin", "--env", "HOME=/", "--cwd", "/", "--uid", "1000", "--gid", "50",
                "--userns", "join", "--caps", "a80425fb", "--no_new_privs", "1", "--", "id"), cmd);
        assertFalse(ExecCommandLine.of(ExecTargets.of(Security.DEFAULT, ""), config("", false, false), CONTROL)
                .contains("--userns"), "none in the host's namespace");
    }

    @Test
    void anExecGetsTheContainersSeccompFilterLineForLinePrivilegedOrNot() {
        ExecTarget target = ExecTargets.of(Security.DEFAULT, "");
        List<String> container = target.confinement().seccomp();
        assertEquals("default errno:1", container.get(0));
        for (boolean privileged : new boolean[] {false, true}) {
            List<String> cmd = ExecCommandLine.of(target, config("", false, privileged), CONTROL);
            List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < cmd.size() - 1; i++) {
                if (cmd.get(i).equals("--seccomp")) {
                    lines.add(cmd.get(++i));
                }
            }
            assertEquals(container, lines);
        }
    }

    @Test
    void theContainersDroppedCapabilitiesStayDroppedInAnExec() {
        ExecTarget target = ExecTargets.of(new Security(false, List.of("NET_ADMIN"), List.of("CHOWN"), false), "");
        List<String> cmd = ExecCommandLine.of(target, config("", false, false), CONTROL);

        assertEquals("a80435fa", after(cmd, "--caps"));
    }

    @Test
    void aPrivilegedExecKeepsEveryCapabilityAndTheContainersNoNewPrivs() {
        List<String> cmd = ExecCommandLine.of(ExecTargets.of(Security.DEFAULT, ""), config("", false, true), CONTROL);

        assertFalse(cmd.contains("--caps"), "no mask: the helper keeps every capability " + cmd);
        assertEquals("1", after(cmd, "--no_new_privs"));
    }

    @Test
    void anExecInAPrivilegedContainerIsUnconfinedAsTheContainerIs() {
        List<String> cmd = ExecCommandLine.of(ExecTargets.of(new Security(true, List.of(), List.of(), false), ""),
                config("", false, false), CONTROL);

        assertFalse(cmd.contains("--caps"), cmd.toString());
        assertFalse(cmd.contains("--no_new_privs"), cmd.toString());
    }

    @Test
    void userReplacesTheContainersIdsButNotItsConfinement() {
        List<String> cmd = ExecCommandLine.of(ExecTargets.of(Security.DEFAULT, "7").withIds(1000, 50),
                config("1000:50", false, false),
                CONTROL);

        assertEquals("1000", after(cmd, "--uid"));
        assertEquals("50", after(cmd, "--gid"));
        assertEquals("a80425fb", after(cmd, "--caps"));
        assertTrue(cmd.contains("HOME=/"), cmd.toString());
    }

    @Test
    void aTtyExecReadsItsControlLinesFromTheFifo() {
        List<String> cmd = ExecCommandLine.of(ExecTargets.of(Security.DEFAULT, ""), config("", true, false), CONTROL);

        assertEquals("1", after(cmd, "--tty"));
        assertEquals(CONTROL.toString(), after(cmd, "--control"));
        assertEquals("30", after(cmd, "--rows"));
        assertEquals("100", after(cmd, "--cols"));
        assertTrue(cmd.contains("TERM=xterm"), cmd.toString());
    }

    private static ExecConfig config(String user, boolean tty, boolean privileged) {
        return new ExecConfig(List.of("id"), List.of(), user, "", tty, 30, 100, privileged);
    }

    private static String after(List<String> cmd, String key) {
        int i = cmd.indexOf(key);
        assertTrue(i >= 0 && i + 1 < cmd.size(), key + " in " + cmd);
        return cmd.get(i + 1);
    }
}
