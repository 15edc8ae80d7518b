package io.berth.agent.runtime;

import io.berth.events.spec.Security;

import java.nio.file.Path;
import java.util.List;

/** Exec targets read back from a rendered monitor spec, as the agent reads a running container's. */
public final class ExecTargets {
    private ExecTargets() {
    }

    /** The target of container "c" (pid 42) started with {@code security} and {@code user} (blank: root). */
    public static ExecTarget of(Security security, String user) {
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.resolve(user, null, null), Path.of("/l"),
                Path.of("/s"), List.of("sleep", "1"), List.of("PATH=/bin"),
                List.of(Path.of("/cg/berth/c/cgroup.procs")), Confinement.of(security));
        return ExecTarget.read("c", 42, spec.render().lines().toList(), Path.of("/helper"));
    }
}
