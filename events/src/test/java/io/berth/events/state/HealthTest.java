package io.berth.events.state;

import io.berth.events.spec.Healthcheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthTest {
    private static final Healthcheck CHECK = new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 2);

    private static HealthResult result(int code) {
        return new HealthResult("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", code, "out");
    }

    @Test
    void aPassIsHealthyAndRetriesFailuresMakeItUnhealthy() {
        Health h = Health.starting(null).after(result(0), CHECK, false);
        assertEquals("healthy 0", h.status() + " " + h.failingStreak());
        h = h.after(result(1), CHECK, false);
        assertEquals("healthy 1", h.status() + " " + h.failingStreak());
        h = h.after(result(1), CHECK, false);
        assertEquals("unhealthy 2", h.status() + " " + h.failingStreak());
        h = h.after(result(0), CHECK, false);
        assertEquals("healthy 0", h.status() + " " + h.failingStreak());
    }

    @Test
    void failuresInTheStartPeriodDoNotCountUntilHealthy() {
        Health h = Health.starting(null).after(result(1), CHECK, true).after(result(1), CHECK, true)
                .after(result(1), CHECK, true);
        assertEquals("starting 0", h.status() + " " + h.failingStreak());
        h = h.after(result(0), CHECK, true).after(result(1), CHECK, true);
        assertEquals("healthy 1", h.status() + " " + h.failingStreak(), "once healthy, failures count");
    }

    @Test
    void onlyTheLastFiveResultsAreKeptAndARestartKeepsThem() {
        Health h = Health.starting(null);
        for (int i = 0; i < 7; i++) {
            h = h.after(result(i), CHECK, false);
        }
        assertEquals(List.of(2, 3, 4, 5, 6), h.log().stream().map(HealthResult::exitCode).toList());
        Health restarted = Health.starting(h);
        assertEquals("starting 0 5", restarted.status() + " " + restarted.failingStreak() + " " + restarted.log().size());
    }

    @Test
    void defaultsAndArgvFollowDocker() {
        Healthcheck shell = new Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), 0, 0, -5, 0);
        assertEquals(List.of("/bin/sh", "-c", "curl -f http://localhost/ || exit 1"), shell.argv());
        assertEquals(30_000_000_000L, shell.interval());
        assertEquals(3, shell.retries());
        assertEquals(0, shell.startPeriod());
    }
}
