package io.berth.agent.runtime;

import java.time.Instant;

/** How a container's process ended: Docker's exit code (128 + signal when killed by one). */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
}
