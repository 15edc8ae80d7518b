package io.berth.scheduler.restart;

import java.time.Duration;

/**
 * How a container's last run ended, as {@link RestartDecision} needs it.
 *
 * @param exitCode      how the run ended
 * @param restartCount  restarts so far
 * @param uptime        how long the run lasted
 * @param previousDelay the delay before that run, null if it was not a restart
 * @param stoppedByUser whether the user asked for it to stop ({@code docker stop}, {@code kill}, {@code rm})
 * @param monitorLost   nobody saw the process end (the host rebooted, or its monitor was killed)
 */
public record LastRun(int exitCode, int restartCount, Duration uptime, Duration previousDelay, boolean stoppedByUser,
                      boolean monitorLost) {

    /** A run whose end its monitor saw. */
    public LastRun(int exitCode, int restartCount, Duration uptime, Duration previousDelay, boolean stoppedByUser) {
        this(exitCode, restartCount, uptime, previousDelay, stoppedByUser, false);
    }
}
