package io.berth.agent.runtime;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A container and the future its monitor's exit completes. */
record WatchedContainer(String containerId, long pid, long monitorPid, Instant startedAt,
                        CompletableFuture<ExitStatus> exit) implements RunningContainer {
}
