package io.berth.deploy.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts stages in order, timing each, and stops the started ones in reverse order, each within a timeout.
 * If a stage fails to start, the ones before it are stopped again before the failure is reported. A stop that
 * arrives while a stage is starting lets that stage finish first, so nothing is pulled from under it.
 */
public final class StageSequence {
    private static final Logger LOG = LoggerFactory.getLogger("berth");

    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Deque<Stage> started = new ArrayDeque<>();
    private boolean stopping;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    public StageSequence(Duration startTimeout, Duration stopTimeout) {
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    public void start(List<Stage> stages) throws StageFailedException {
        long all = System.nanoTime();
        for (Stage stage : stages) {
            CompletableFuture<Void> settled = begin(stage);
            long begin = System.nanoTime();
            try {
                within(stage.name() + " start", startTimeout, stage::start);
            } catch (Throwable e) {
                LOG.error("{} failed after {} ms", stage.name(), millisSince(begin));
                settled.complete(null);
                stop();
                throw new StageFailedException(stage.name(), e);
            }
            LOG.info("{} up in {} ms", stage.name(), millisSince(begin));
            synchronized (this) {
                started.push(stage);
            }
            settled.complete(null);
        }
        LOG.info("all stages up in {} ms", millisSince(all));
    }

    /**
     * Stops what was started, newest first; a stage that fails or hangs is logged and skipped. Idempotent, and
     * final: a start under way stops after its current stage.
     */
    public void stop() {
        CompletableFuture<Void> waitFor;
        synchronized (this) {
            stopping = true;
            waitFor = inFlight;
        }
        try {
            waitFor.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("stopping without waiting longer for a stage still starting: {}", e.toString());
        }
        while (true) {
            Stage stage;
            synchronized (this) {
                stage = started.poll();
            }
            if (stage == null) {
                return;
            }
            stop(stage);
        }
    }

    public synchronized boolean stopping() {
        return stopping;
    }

    private synchronized CompletableFuture<Void> begin(Stage stage) throws StageFailedException {
        if (stopping) {
            throw new StageFailedException(stage.name(), new IllegalStateException("shutdown requested"));
        }
        inFlight = new CompletableFuture<>();
        return inFlight;
    }

    private void stop(Stage stage) {
        long begin = System.nanoTime();
        try {
            within(stage.name() + " stop", stopTimeout, stage::stop);
            LOG.info("{} stopped in {} ms", stage.name(), millisSince(begin));
        } catch (Throwable e) {
            LOG.warn("{} did not stop cleanly: {}", stage.name(), e.toString());
        }
    }

    // A stage runs on its own thread so that a hang becomes a timeout instead of a frozen launcher.
    private static void within(String what, Duration timeout, Stage.Action action) throws Throwable {
        FutureTask<Void> task = new FutureTask<>(() -> {
            action.run();
            return null;
        });
        Thread thread = new Thread(task, "berth-" + what.replace(' ', '-'));
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new TimeoutException(what + " did not finish within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
