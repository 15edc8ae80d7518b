package io.berth.agent.watch;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reconcile pass that runs on the agent's timers thread when something it reads changed (a nudge: several
 * within the settle time make one pass) and, as a safety net for changes no event reported (a listener
 * re-registered after a reconnect, a directory touched by hand), as a slow sweep. Replaces a fast poll: an idle
 * node does no cluster reads between sweeps.
 */
public final class NudgedPass {
    private final ScheduledExecutorService timers;
    private final Runnable nudged;
    private final long settleMillis;
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * @param nudged what a nudge runs (may read only what changed)
     * @param sweep  what the sweep runs, every {@code sweepMillis} from the first one {@code firstMillis} on
     */
    public NudgedPass(ScheduledExecutorService timers, Runnable nudged, Runnable sweep, long settleMillis,
                      long firstMillis, long sweepMillis) {
        this.timers = timers;
        this.nudged = nudged;
        this.settleMillis = settleMillis;
        timers.scheduleWithFixedDelay(sweep, firstMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; a pass already asked for and not yet begun covers this one too. */
    public void nudge() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            timers.schedule(() -> {
                pending.set(false);
                nudged.run();
            }, settleMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the agent is stopping: no more passes
        }
    }
}
