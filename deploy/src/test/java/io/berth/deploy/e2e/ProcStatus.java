package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a process's confinement from its {@code /proc/<pid>/status} text, in a container or on the host. */
final class ProcStatus {
    /** Docker's CapEff, CapPrm and CapBnd for a root container with default settings (its 14 capabilities). */
    static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";
    static final String NO_CAPS = "0000000000000000";
    /** The status lines that make up a process's confinement, as a grep -E pattern. */
    static final String CONFINEMENT = "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):";

    private ProcStatus() {
    }

    /** The value of the {@code name:} line. */
    static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + status));
    }

    /** Only the confinement lines, each with its newline. */
    static String confinement(String status) {
        StringBuilder out = new StringBuilder();
        status.lines().filter(l -> l.matches(CONFINEMENT + ".*")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** The status of a host process. */
    static String ofHostPid(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the host grants: every capability this kernel has (the bounding set of a root process here). */
    static String hostCaps() {
        return field(ofHostPid(ProcessHandle.current().pid()), "CapBnd");
    }
}
