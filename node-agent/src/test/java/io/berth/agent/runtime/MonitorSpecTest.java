package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorSpecTest {

    @Test
    void rendersOneKeyValuePerLineInOrder() {
        MonitorSpec spec = new MonitorSpec(Path.of("/c/rootfs"), "/work", "box", new UserIds(1000, 50),
                Path.of("/c/json.log"), Path.of("/c"), List.of("sh", "-c", "echo a"), List.of("PATH=/bin"),
                List.of(Path.of("/cg/memory/berth/x/cgroup.procs"), Path.of("/cg/pids/berth/x/cgroup.procs")));

        assertEquals("""
                rootfs /c/rootfs
                cwd /work
                hostname box
                uid 1000
                gid 50
                log /c/json.log
                state /c
                arg sh
                arg -c
                arg echo a
                env PATH=/bin
                cgroup /cg/memory/berth/x/cgroup.procs
                cgroup /cg/pids/berth/x/cgroup.procs
                """, spec.render());
    }

    @Test
    void aUserNamespaceIsOneLineAfterTheNetworkAndNoneForTheHosts() {
        MonitorSpec spec = new MonitorSpec(Path.of("/c/rootfs"), "/", "box", new UserIds(-1, -1), Path.of("/c/json.log"),
                Path.of("/c"), List.of("true"), List.of(), List.of(), Confinement.NONE, Console.NONE, "host", null,
                List.of(), new IdRange(165_536, 65_536));
        assertTrue(spec.render().contains("net host\nuserns 165536 65536\n"), spec.render());
        MonitorSpec host = new MonitorSpec(Path.of("/c/rootfs"), "/", "box", new UserIds(-1, -1),
                Path.of("/c/json.log"), Path.of("/c"), List.of("true"), List.of(), List.of());
        assertFalse(host.render().contains("userns"), host.render());
        assertTrue(ExecTarget.read("c", 1, spec.render().lines().toList(), Path.of("/h")).userns());
        assertFalse(ExecTarget.read("c", 1, host.render().lines().toList(), Path.of("/h")).userns());
    }

    @Test
    void rendersTheConfinementAfterTheRest() {
        Confinement confinement = new Confinement(OptionalLong.of(0xa80425fbL), true, List.of("/proc/kcore"),
                List.of("/proc/sys", "/proc/sysrq-trigger"), true);
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.ROOT, Path.of("/l"), Path.of("/s"),
                List.of("true"), List.of(), List.of(), confinement);

        String text = spec.render();
        assertEquals("""
                caps a80425fb
                no_new_privs 1
                readonly_root 1
                mask /proc/kcore
                readonly /proc/sys
                readonly /proc/sysrq-trigger
                """, text.substring(text.indexOf("caps ")));
    }

    @Test
    void privilegedSendsNoCapsLineSoTheMonitorKeepsAll() {
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.ROOT, Path.of("/l"), Path.of("/s"),
                List.of("true"), List.of(), List.of(),
                Confinement.of(new io.berth.events.spec.Security(true, List.of(), List.of(), true)));

        String text = spec.render();
        assertEquals(-1, text.indexOf("caps "));
        assertEquals(-1, text.indexOf("mask "));
        assertEquals(-1, text.indexOf("no_new_privs"));
        assertTrue(text.endsWith("arg true\nreadonly_root 1\n"), text);
    }

    @Test
    void escapesBackslashAndNewlineAndLeavesRootAlone() {
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.ROOT, Path.of("/l"), Path.of("/s"),
                List.of("printf", "a\\nb\nc"), List.of(), List.of());

        String text = spec.render();
        assertEquals("arg printf\narg a\\\\nb\\nc\n", text.substring(text.indexOf("arg ")));
        assertEquals(-1, text.indexOf("uid "));
    }

    @Test
    void refusesNulBytes() {
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.ROOT, Path.of("/l"), Path.of("/s"),
                List.of("a\0b"), List.of(), List.of());
        assertThrows(IllegalArgumentException.class, spec::render);
    }

    @Test
    void aTerminalIsOneKeyAndImpliesItsStdin() {
        assertTrue(console(new Console(true, true)).contains("\ntty 1\n"));
        assertFalse(console(new Console(true, true)).contains("stdin"));
        assertTrue(console(new Console(false, true)).contains("\nstdin 1\n"));
        String none = console(Console.NONE);
        assertFalse(none.contains("tty") || none.contains("stdin"), none);
    }

    @Test
    void aSizedTerminalCarriesItsRowsAndColsAndOnlyATerminalDoes() {
        String sized = console(new Console(true, true, 33, 101));
        assertTrue(sized.contains("\ntty 1\nrows 33\ncols 101\n"), sized);
        assertFalse(console(new Console(true, false)).contains("rows"));
        assertFalse(console(new Console(false, true, 33, 101)).contains("rows"), "no terminal, nothing to size");
        assertThrows(IllegalArgumentException.class, () -> new Console(true, false, 70000, 80));
    }

    private static String console(Console console) {
        return new MonitorSpec(Path.of("/r"), "/", "h", UserIds.ROOT, Path.of("/l"), Path.of("/s"), List.of("sh"),
                List.of(), List.of(), Confinement.NONE, console).render();
    }
}
