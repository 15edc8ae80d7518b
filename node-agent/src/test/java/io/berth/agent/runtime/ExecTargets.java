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
        return of(security, user, IdRange.HOST);
    }

    /** As {@link #of(Security, String)}, the container in a user namespace of range {@code ids}. */
    public static ExecTarget of(Security security, String user, IdRange ids) {
        MonitorSpec spec = new MonitorSpec(Path.of("/r"), "/", "h", UserIds.resolve(user, null, null), Path.of("/l"),
                Path.of("/s"), List.of("sleep", "1"), List.of("PATH=/bin"),
                List.of(Path.of("/cg/berth/c/cgroup.procs")), Confinement.of(security), Console.NONE, null, null,
                List.of(), ids);
        return ExecTarget.read("c", 42, spec.render().lines().toList(), Path.of("/helper"));
    }
}
