package io.berth.scheduler.restart;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartDecisionTest {
    private static final RestartPolicy NO = RestartPolicy.NO;
    private static final RestartPolicy ALWAYS = new RestartPolicy("always", 0);
    private static final RestartPolicy UNLESS_STOPPED = new RestartPolicy("unless-stopped", 0);
    private static final RestartPolicy ON_FAILURE_2 = new RestartPolicy("on-failure", 2);
    private static final RestartPolicy ON_FAILURE = new RestartPolicy("on-failure", 0);
    private static final Duration SHORT = Duration.ofSeconds(1);

    private static Optional<Duration> ms(long millis) {
        return Optional.of(Duration.ofMillis(millis));
    }

    @Test
    void noPolicyNeverRestarts() {
        assertEquals(Optional.empty(), RestartDecision.decide(NO, new LastRun(1, 0, SHORT, null, false)));
    }

    @Test
    void alwaysRestartsEvenAfterSuccessStartingAt100Ms() {
        assertEquals(ms(100), RestartDecision.decide(ALWAYS, new LastRun(0, 0, SHORT, null, false)));
        assertEquals(ms(100), RestartDecision.decide(UNLESS_STOPPED, new LastRun(137, 5, SHORT, null, false)));
    }

    @Test
    void userStopWinsOverEveryPolicy() {
        for (RestartPolicy p : new RestartPolicy[]{ALWAYS, UNLESS_STOPPED, ON_FAILURE, ON_FAILURE_2}) {
            assertEquals(Optional.empty(), RestartDecision.decide(p, new LastRun(1, 0, SHORT, null, true)), p.name());
        }
    }

    @Test
    void onFailureIgnoresSuccessAndCountsRetries() {
        assertEquals(Optional.empty(), RestartDecision.decide(ON_FAILURE, new LastRun(0, 0, SHORT, null, false)));
        assertEquals(ms(100), RestartDecision.decide(ON_FAILURE_2, new LastRun(1, 0, SHORT, null, false)));
        assertEquals(ms(200), RestartDecision.decide(ON_FAILURE_2,
                new LastRun(1, 1, SHORT, Duration.ofMillis(100), false)));
        assertEquals(Optional.empty(), RestartDecision.decide(ON_FAILURE_2,
                new LastRun(1, 2, SHORT, Duration.ofMillis(200), false)));
        assertEquals(ms(200), RestartDecision.decide(ON_FAILURE,
                new LastRun(3, 99, SHORT, Duration.ofMillis(100), false)),
                "no limit when MaximumRetryCount is 0");
    }

    @Test
    void aLostMonitorRestartsOnlyWhatDockerdRestartsAtItsStart() {
        Duration day = Duration.ofDays(1);
        assertEquals(ms(100), RestartDecision.decide(ALWAYS, new LastRun(255, 0, day, null, false, true)));
        assertEquals(ms(100), RestartDecision.decide(UNLESS_STOPPED, new LastRun(255, 0, day, null, false, true)));
        assertEquals(Optional.empty(), RestartDecision.decide(UNLESS_STOPPED, new LastRun(255, 0, day, null, true, true)),
                "stopped by the user");
        assertEquals(Optional.empty(), RestartDecision.decide(ON_FAILURE, new LastRun(255, 0, day, null, false, true)));
        assertEquals(Optional.empty(), RestartDecision.decide(NO, new LastRun(255, 0, day, null, false, true)));
    }

    @Test
    void delayDoublesUpToOneMinute() {
        assertEquals(ms(800), RestartDecision.decide(ALWAYS, new LastRun(1, 3, SHORT, Duration.ofMillis(400), false)));
        assertEquals(ms(60_000), RestartDecision.decide(ALWAYS,
                new LastRun(1, 12, SHORT, Duration.ofMillis(51_200), false)));
        assertEquals(ms(60_000), RestartDecision.decide(ALWAYS,
                new LastRun(1, 13, SHORT, Duration.ofMinutes(1), false)));
    }

    @Test
    void aRunOfTenSecondsResetsTheDelay() {
        assertEquals(ms(100), RestartDecision.decide(ALWAYS,
                new LastRun(1, 7, Duration.ofSeconds(10), Duration.ofSeconds(30), false)));
        assertEquals(ms(1600), RestartDecision.decide(ALWAYS,
                new LastRun(1, 7, Duration.ofMillis(9_999), Duration.ofMillis(800), false)));
    }

    @Test
    void theRetryLimitComesFromTheCreateBody() {
        ContainerSpec spec = ContainerSpec.builder("busybox").cmd("sh").restartPolicy("on-failure").build();
        ContainerRecord r = ContainerRecord.accepted("a".repeat(64), "x", spec, "{\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}}}",
                "2026-01-01T00:00:00Z");
        assertEquals(new RestartPolicy("on-failure", 2), RestartPolicy.of(r));
        assertEquals(new RestartPolicy("no", 0), RestartPolicy.of(ContainerRecord.accepted(
                "b".repeat(64), "y", ContainerSpec.builder("busybox").cmd("sh").build(), "{}", null)));
    }
}
