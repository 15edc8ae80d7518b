package io.berth.agent.runtime;

import java.time.Instant;

/**
 * How a container's process ended: Docker's exit code (128 + signal when killed by one). {@code lostReason} is
 * null when the monitor recorded the exit; otherwise nobody saw it (code 255) and this says why.
 */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt, String lostReason) {

    /** An exit the monitor recorded. */
    public ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
        this(exitCode, oomKilled, finishedAt, null);
    }
}
