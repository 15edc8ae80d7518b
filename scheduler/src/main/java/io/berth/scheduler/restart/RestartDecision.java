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
     * @param policy the container's policy
     * @param run    how its last run ended
     * @return the delay before starting it again, or empty to leave it exited
     */
    public static Optional<Duration> decide(RestartPolicy policy, LastRun run) {
        // a lost monitor (host reboot, killed monitor) is dockerd's daemon start: on-failure does not restart then
        if (run.stoppedByUser() || !wants(policy, run.exitCode(), run.restartCount())
                || (run.monitorLost() && "on-failure".equals(policy.name()))) {
            return Optional.empty();
        }
        if (run.previousDelay() == null || run.uptime().compareTo(RESET_AFTER) >= 0) {
            return Optional.of(FIRST_DELAY);
        }
        Duration doubled = run.previousDelay().multipliedBy(2);
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
