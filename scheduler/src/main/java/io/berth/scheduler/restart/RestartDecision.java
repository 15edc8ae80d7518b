package io.berth.scheduler.restart;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a container that just exited is started again, and after how long: Docker's restart manager rules.
 * The delay starts at 100 ms and doubles with every restart, back to 100 ms once a run lasted 10 s, and never
 * exceeds one minute. A container the user stopped is never restarted, whatever its policy. Pure.
 */
public final class RestartDecision {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    /**
     * @param policy        the container's policy
     * @param exitCode      how the run ended
     * @param restartCount  restarts so far
     * @param uptime        how long the run that ended lasted
     * @param previousDelay the delay before the run that ended, null if it was not a restart
     * @param stoppedByUser whether the user asked for it to stop ({@code docker stop}, {@code kill}, {@code rm})
     * @return the delay before starting it again, or empty to leave it exited
     */
    public static Optional<Duration> decide(RestartPolicy policy, int exitCode, int restartCount, Duration uptime,
                                            Duration previousDelay, boolean stoppedByUser) {
        return decide(policy, exitCode, restartCount, uptime, previousDelay, stoppedByUser, false);
    }

    /**
     * As above; {@code monitorLost}: nobody saw the process end (the host rebooted, or its monitor was killed).
     * dockerd then acts as at its own start: {@code always} and {@code unless-stopped} start it again,
     * {@code on-failure} does not ("it doesn't restart the container if the daemon restarts").
     */
    public static Optional<Duration> decide(RestartPolicy policy, int exitCode, int restartCount, Duration uptime,
                                            Duration previousDelay, boolean stoppedByUser, boolean monitorLost) {
        if (stoppedByUser || !wants(policy, exitCode, restartCount)
                || (monitorLost && "on-failure".equals(policy.name()))) {
            return Optional.empty();
        }
        if (previousDelay == null || uptime.compareTo(RESET_AFTER) >= 0) {
            return Optional.of(FIRST_DELAY);
        }
        Duration doubled = previousDelay.multipliedBy(2);
        return Optional.of(doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled);
    }

    private static boolean wants(RestartPolicy policy, int exitCode, int restartCount) {
        return switch (policy.name()) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (policy.maxRetries() == 0 || restartCount < policy.maxRetries());
            default -> false;
        };
    }

    private RestartDecision() {
    }
}
