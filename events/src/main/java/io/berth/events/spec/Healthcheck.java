package io.berth.events.spec;

import java.util.List;

/**
 * How a container's health is probed (the image's HEALTHCHECK or {@code --health-*}), with Docker's defaults
 * already filled in. Durations are nanoseconds, as in Docker's API.
 *
 * @param test        {@code ["CMD", arg...]} or {@code ["CMD-SHELL", "command"]}
 * @param interval    time between the end of one probe and the start of the next
 * @param timeout     a probe running longer counts as failed and is killed
 * @param startPeriod failures during this time after start do not count towards {@code retries}
 * @param retries     consecutive failures that make the container unhealthy
 */
public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod, int retries) {
    public static final long DEFAULT_INTERVAL = 30_000_000_000L;
    public static final long DEFAULT_TIMEOUT = 30_000_000_000L;
    public static final int DEFAULT_RETRIES = 3;

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
        interval = interval > 0 ? interval : DEFAULT_INTERVAL;
        timeout = timeout > 0 ? timeout : DEFAULT_TIMEOUT;
        startPeriod = Math.max(0, startPeriod);
        retries = retries > 0 ? retries : DEFAULT_RETRIES;
    }

    /** The argv a probe execs: CMD's arguments as given, CMD-SHELL's command through {@code /bin/sh -c}. */
    public List<String> argv() {
        if (test.isEmpty()) {
            return List.of();
        }
        List<String> rest = test.subList(1, test.size());
        return switch (test.get(0)) {
            case "CMD" -> rest;
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", rest));
            default -> List.of();
        };
    }
}
