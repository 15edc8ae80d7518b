package io.berth.gateway.container;

import io.berth.events.state.ContainerRecord;
import io.berth.events.state.Health;

import java.time.Duration;
import java.time.Instant;

/** The human {@code Status} of {@code docker ps}, made as dockerd makes it (go-units' HumanDuration). */
public final class StatusText {

    public static String of(ContainerRecord r, Instant now) {
        Instant started = Times.parse(r.startedAt());
        Instant finished = Times.parse(r.finishedAt());
        switch (r.status()) {
            case RUNNING:
                return "Up " + humanDuration(between(started, now)) + health(r);
            case PAUSED:
                return "Up " + humanDuration(between(started, now)) + " (Paused)";
            case RESTARTING:
                return "Restarting (" + r.exitCode() + ") " + humanDuration(between(finished, now)) + " ago";
            case REMOVING:
                return "Removal In Progress";
            case DEAD:
                return "Dead";
            default:
                break;
        }
        if (started == null) {
            return "Created";
        }
        if (finished == null) {
            return "";
        }
        return "Exited (" + r.exitCode() + ") " + humanDuration(between(finished, now)) + " ago";
    }

    /** dockerd's suffix for a running container with a healthcheck. */
    private static String health(ContainerRecord r) {
        if (r.health() == null) {
            return "";
        }
        return Health.STARTING.equals(r.health().status()) ? " (health: starting)" : " (" + r.health().status() + ")";
    }

    private static Duration between(Instant from, Instant now) {
        return from == null ? Duration.ZERO : Duration.between(from, now);
    }

    /** go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks"… */
    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        // Go rounds to the nearest hour here (half away from zero)
        long hours = (d.toNanos() + Duration.ofMinutes(30).toNanos()) / Duration.ofHours(1).toNanos();
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    private StatusText() {
    }
}
