package io.berth.agent.stream;

import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.lifecycle.Tracked;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * When a container's process ends, as the agent's exit watching knows it. A process's exit completes only
 * after its monitor has drained the output into the log, so a reader that sees it done and then reads to
 * the end of the log has every line.
 */
public final class Runs {
    private final ContainerTable table;

    public Runs(ContainerTable table) {
        this.table = table;
    }

    /** The exit of the process running now, if one is (a copy: cancelling it leaves the process's own alone). */
    public Optional<CompletableFuture<Void>> current(String id) {
        return table.running(id).map(t -> t.process().exit().<Void>handle((s, e) -> null));
    }

    /**
     * The exit of the process running now or, if none, of the next one started: what an attach made before
     * {@code start} waits for. Cancelling the result stops waiting for a start.
     */
    public CompletableFuture<Void> currentOrNext(String id) {
        CompletableFuture<Void> exited = new CompletableFuture<>();
        CompletableFuture<Tracked> run = run(id);
        run.thenAccept(t -> t.process().exit().whenComplete((s, e) -> exited.complete(null)));
        exited.whenComplete((v, e) -> run.cancel(false));
        return exited;
    }

    /**
     * The process running now or, if none, the next one started: where an attach's stdin goes once there is
     * one. Cancelling the result stops waiting for a start.
     */
    public CompletableFuture<Tracked> run(String id) {
        CompletableFuture<Tracked> run = new CompletableFuture<>();
        // subscribe before looking, so a start between the two cannot be missed
        Runnable unsubscribe = table.onWatch(t -> {
            if (t.id().equals(id)) {
                run.complete(t);
            }
        });
        table.running(id).ifPresent(run::complete);
        run.whenComplete((t, e) -> unsubscribe.run());
        return run;
    }
}
