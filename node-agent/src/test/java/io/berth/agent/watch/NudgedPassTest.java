package io.berth.agent.watch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NudgedPassTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void nudgesWithinTheSettleTimeMakeOnePass() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        NudgedPass pass = new NudgedPass(timers, () -> {
            passes.incrementAndGet();
            ran.countDown();
        }, () -> { }, 200, 60_000, 60_000);
        for (int i = 0; i < 50; i++) {
            pass.nudge();
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        timers.submit(() -> { }).get(); // anything queued behind the pass has run
        assertEquals(1, passes.get());
    }

    @Test
    void aNudgeAfterAPassBeganAsksForAnother() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        NudgedPass[] pass = new NudgedPass[1];
        pass[0] = new NudgedPass(timers, () -> {
            if (passes.incrementAndGet() == 1) {
                pass[0].nudge(); // a change seen while the first pass runs
            }
            second.countDown();
        }, () -> { }, 1, 60_000, 60_000);
        pass[0].nudge();
        assertTrue(second.await(5, TimeUnit.SECONDS), "the change seen during a pass gets a pass of its own");
    }

    @Test
    void theSweepRunsWithoutAnyNudge() throws Exception {
        CountDownLatch swept = new CountDownLatch(3);
        new NudgedPass(timers, () -> { }, swept::countDown, 1, 0, 10);
        assertTrue(swept.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aNudgeAfterTheTimersStoppedIsDropped() {
        NudgedPass pass = new NudgedPass(timers, () -> { }, () -> { }, 1, 60_000, 60_000);
        timers.shutdownNow();
        pass.nudge(); // no RejectedExecutionException out of a Hazelcast event thread
    }
}
