package io.berth.agent.stream;

import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.lifecycle.Tracked;
import io.berth.agent.runtime.MonitorInput;
import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Input for containers created with a terminal or open stdin, through their monitor's FIFOs
 * ({@link MonitorInput}); the gateway proxies an attach's stdin and {@code docker resize} here.
 *
 * <pre>
 * POST /containers/{id}/stdin[?close=1]   chunked body = bytes for the container's stdin, in order. Waits for
 *   the current or next run (docker run attaches before it starts). At the body's end, close=1 closes the
 *   container's stdin (Docker's StdinOnce without a tty: the command reads EOF); without it the end only
 *   detaches. 200 once the body ended; 409 when the run takes no input.
 * POST /containers/{id}/resize?h=&amp;w=   sets the terminal size; 200 (nothing to do without a terminal),
 *   400 for a bad size, 409 when the container does not run here.
 * </pre>
 */
public final class InputRoutes {
    private static final Logger LOG = Logger.getLogger(InputRoutes.class.getName());
    private static final String ID = "/containers/{id:[0-9a-f]{64}}/";

    /** How long a resize waits for a run the record says is starting. */
    private static final Duration RUN_GRACE = Duration.ofSeconds(2);
    private final Vertx vertx;
    private final ConcurrentMap<String, String> records;
    private final ContainerTable table;
    private final Runs runs;

    public InputRoutes(Vertx vertx, ConcurrentMap<String, String> records, ContainerTable table, Runs runs) {
        this.vertx = vertx;
        this.records = records;
        this.table = table;
        this.runs = runs;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.POST, ID + "stdin", this::stdin).add(HttpMethod.POST, ID + "resize", this::resize);
    }

    private void stdin(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        boolean close = flag(request.getParam("close"));
        request.pause();
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Tracked> run = runs.run(id);
        request.response().closeHandler(v -> run.cancel(false));
        run.thenAccept(t -> context.runOnContext(v -> feed(request, t, close, context)));
    }

    /**
     * The open, every chunk in arrival order, then the end, on a writer thread of this stream's own: a
     * command that does not read blocks only its own stdin, never another container's or the event loop.
     */
    private void feed(HttpServerRequest request, Tracked run, boolean close, Context context) {
        MonitorInput[] input = new MonitorInput[1];
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "berth-stdin-" + run.id().substring(0, 12));
            t.setDaemon(true);
            return t;
        });
        writer.execute(() -> {
            try {
                input[0] = MonitorInput.open(run.dir());
                // a monitor gone with a full FIFO would hold a write forever; closing the channel ends it
                run.process().exit().whenComplete((s, e) -> quietly(input[0]));
            } catch (NoSuchFileException e) {
                context.runOnContext(v -> request.response().setStatusCode(409));
                LOG.fine("container " + run.id() + " takes no stdin");
            } catch (IOException e) {
                LOG.log(Level.FINE, "stdin of " + run.id(), e);
            }
        });
        // one chunk at a time: a command that does not read holds the client back instead of filling our heap
        request.handler(chunk -> {
            request.pause();
            on(writer, context, () -> {
                if (input[0] != null) {
                    input[0].write(chunk.getBytes());
                }
            }, e -> request.resume());
        });
        request.endHandler(v -> on(writer, context, () -> {
            if (input[0] != null) {
                if (close && !run.exited()) {
                    MonitorInput.closeStdin(run.dir());
                }
                input[0].close();
            }
        }, e -> {
            writer.shutdown();
            if (!request.response().ended() && !request.response().closed()) {
                request.response().end();
            }
        }));
        request.exceptionHandler(e -> on(writer, context, () -> quietly(input[0]), x -> writer.shutdown()));
        request.resume();
    }

    /** An I/O step on the stream's writer thread. */
    private interface WriterStep {
        void run() throws IOException;
    }

    /** Runs {@code step} on {@code writer}, then {@code then} on {@code context} (with its failure, or null). */
    private static void on(ExecutorService writer, Context context, WriterStep step, Consumer<Throwable> then) {
        try {
            writer.execute(() -> {
                Throwable failure = null;
                try {
                    step.run();
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    LOG.log(Level.FINE, "stdin", e);
                }
                Throwable result = failure;
                context.runOnContext(v -> then.accept(result));
            });
        } catch (RejectedExecutionException e) {
            then.accept(e);
        }
    }

    private void resize(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        Context context = vertx.getOrCreateContext();
        int rows;
        int cols;
        try {
            rows = Integer.parseInt(request.getParam("h", "0"));
            cols = Integer.parseInt(request.getParam("w", "0"));
        } catch (NumberFormatException e) {
            StreamErrors.answer(request.response(), 400, "h and w must be integers");
            return;
        }
        vertx.executeBlocking(() -> {
            // the record says running a moment before this agent watches the process (started is emitted first)
            Optional<ContainerRecord> record = JsonCas.get(records, id, ContainerRecord.class);
            boolean running = table.running(id).isPresent()
                    || record.map(r -> r.status() == ContainerState.RUNNING).orElse(false);
            return running;
        }, false).onSuccess(running -> {
            if (!running) {
                StreamErrors.answer(request.response(), 409, "Container " + id + " is not running");
                return;
            }
            // Only the start window is waited out (the record says running before the process is watched): the
            // same picture right after an exit must not wait for a next run that may never come.
            CompletableFuture<Tracked> run = runs.run(id).orTimeout(RUN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            request.response().closeHandler(v -> run.cancel(false));
            run.exceptionally(e -> {
                if (e instanceof TimeoutException) {
                    context.runOnContext(v ->
                            StreamErrors.answer(request.response(), 409, "Container " + id + " is not running"));
                }
                return null;
            });
            run.thenAccept(t -> vertx.executeBlocking(() -> {
                try {
                    MonitorInput.resize(t.dir(), rows, cols);
                } catch (NoSuchFileException e) {
                    // started without a terminal: there is no size to set
                }
                return null;
            }, false).onComplete(ar -> {
                if (ar.failed() && ar.cause() instanceof IllegalArgumentException bad) {
                    StreamErrors.answer(request.response(), 400, bad.getMessage());
                } else if (ar.failed()) {
                    StreamErrors.answer(request.response(), 500, String.valueOf(ar.cause().getMessage()));
                } else {
                    request.response().setStatusCode(200).end();
                }
            }));
        }).onFailure(e -> StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage())));
    }

    private static boolean flag(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static void quietly(MonitorInput input) {
        if (input == null) {
            return;
        }
        try {
            input.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
