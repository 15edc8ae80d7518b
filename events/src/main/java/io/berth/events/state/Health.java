package io.berth.events.state;

import io.berth.events.spec.Healthcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's health as its node agent last probed it (Docker's {@code State.Health}).
 *
 * @param status        {@code starting}, {@code healthy} or {@code unhealthy}
 * @param failingStreak consecutive failed probes that counted (those in the start period do not)
 * @param log           the last {@link #KEEP} probe results, oldest first
 */
public record Health(String status, int failingStreak, List<HealthResult> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** dockerd keeps the last five results. */
    public static final int KEEP = 5;

    public Health {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** Health on a (re)start: starting again, streak cleared, earlier results kept. */
    public static Health starting(Health before) {
        return new Health(STARTING, 0, before == null ? List.of() : before.log);
    }

    /**
     * dockerd's rule for one result: a pass makes it healthy; a failure inside the start period changes nothing
     * unless it was already healthy, otherwise it adds to the streak and {@code retries} of them make it unhealthy.
     */
    public Health after(HealthResult result, Healthcheck check, boolean inStartPeriod) {
        List<HealthResult> kept = new ArrayList<>(log);
        kept.add(result);
        while (kept.size() > KEEP) {
            kept.remove(0);
        }
        if (result.exitCode() == 0) {
            return new Health(HEALTHY, 0, kept);
        }
        if (inStartPeriod && !HEALTHY.equals(status)) {
            return new Health(status, failingStreak, kept);
        }
        int streak = failingStreak + 1;
        return new Health(streak >= check.retries() ? UNHEALTHY : status, streak, kept);
    }
}
