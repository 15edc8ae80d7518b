package io.berth.agent.lifecycle;

import io.berth.agent.runtime.RunningContainer;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A container process this agent watches, with what its died event must say: the command that caused the
 * exit (a stop, kill or forced remove), else the start command. {@link #settled()} completes once the exit has
 * been recorded and announced, so a remove can wait for the died event before it announces removal.
 */
public final class Tracked {
    private final RunningContainer process;
    private final Path dir;
    private final String startCorrelation;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private volatile String cause;
    private volatile Future<?> pendingKill;

    public Tracked(RunningContainer process, Path dir, String startCorrelation) {
        this.process = process;
        this.dir = dir;
        this.startCorrelation = startCorrelation;
    }

    public String id() {
        return process.containerId();
    }

    public RunningContainer process() {
        return process;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the process is gone (its exit may not be announced yet). */
    public boolean exited() {
        return process.exit().isDone();
    }

    /** Records the command whose signal is about to end the process. */
    public void blame(String commandId) {
        cause = commandId;
    }

    /** The correlation id of the died event. */
    public String diedCorrelation() {
        return cause != null ? cause : startCorrelation;
    }

    /** Remembers the SIGKILL a stop scheduled, so the exit can cancel it. */
    public void killLater(Future<?> kill) {
        Future<?> old = pendingKill;
        pendingKill = kill;
        if (old != null) {
            old.cancel(false);
        }
    }

    void cancelPendingKill() {
        Future<?> kill = pendingKill;
        if (kill != null) {
            kill.cancel(false);
        }
    }

    public CompletableFuture<Void> settled() {
        return settled;
    }
}
