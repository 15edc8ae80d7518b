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
 */
public record LastRun(int exitCode, int restartCount, Duration uptime, Duration previousDelay, boolean stoppedByUser) {
}
