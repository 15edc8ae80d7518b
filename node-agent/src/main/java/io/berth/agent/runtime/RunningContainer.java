package io.berth.agent.runtime;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A container process watched by its monitor. */
public interface RunningContainer {
    String containerId();

    /** Host pid of the container's init (PID 1 inside). */
    long pid();

    /** Host pid of the monitor that holds its stdio and reaps it. */
    long monitorPid();

    Instant startedAt();

    /** Completes once the process has exited and the monitor has recorded its status. */
    CompletableFuture<ExitStatus> exit();
}
