package io.berth.agent.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies a json-file log into a response as Docker stream frames, one frame per line, flushed. Reads on a
 * worker, writes on the request's context, waits for the client when its write queue is full, and reads the
 * growing file again as soon as the {@link LogWatch} says it grew (polling with timers while the container's
 * directory is not there yet, and rarely besides) until {@code finished} completes and the file is drained.
 */
final class LogPump {
    private static final Logger LOG = Logger.getLogger(LogPump.class.getName());
    private static final long POLL_MILLIS = 100;
    /** With the watch on, polling only covers a lost wake-up. */
    private static final long WATCHED_POLL_MILLIS = 1000;
    private static final int READ_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final LogReader reader;
    private final LogQuery query;
    private final Frames frames;
    private final CompletableFuture<?> finished;
    private final LogWatch watch;
    private final Path log;
    private boolean stopped;
    private boolean reading;
    /** The log grew while a read was under way: read again at once. */
    private boolean grew;
    private long timer = -1;
    private volatile Runnable unwatch;
    private io.vertx.core.Context context;

    /**
     * @param finished completes when no more lines can come (the process exited); already complete to send
     *                 only what is in the log now
     */
    LogPump(Vertx vertx, HttpServerResponse response, LogReader reader, LogQuery query, Frames frames,
            CompletableFuture<?> finished, LogWatch watch, Path log) {
        this.watch = watch;
        this.log = log;
        this.vertx = vertx;
        this.response = response;
        this.reader = reader;
        this.query = query;
        this.frames = frames;
        this.finished = finished;
    }

    void start() {
        response.closeHandler(v -> stop());
        // the exit is the moment the last lines are in the file: read them now, not at the next poll, since a
        // --rm container's log goes soon after
        context = vertx.getOrCreateContext();
        finished.whenComplete((v, e) -> context.runOnContext(x -> wake()));
        if (query.tail() >= 0) {
            reading = true;
            vertx.executeBlocking(this::lastLines).onComplete(ar -> reading = false).onSuccess(lines -> {
                write(lines);
                next(false, true);
            }).onFailure(this::fail);
        } else {
            tick();
        }
    }

    /** The last {@code tail} wanted lines of what the log holds now. */
    private List<LogLine> lastLines() throws Exception {
        watchOnce();
        Deque<LogLine> last = new ArrayDeque<>();
        LogReader.Batch batch;
        do {
            batch = reader.read(READ_BYTES);
            for (LogLine line : batch.lines()) {
                if (query.accepts(line)) {
                    last.addLast(line);
                    if (last.size() > query.tail()) {
                        last.removeFirst();
                    }
                }
            }
        } while (!batch.atEnd());
        return List.copyOf(last);
    }

    /** On a worker: asks the watch to wake this pump when the log grows, until it is there. */
    private void watchOnce() {
        if (unwatch == null && watch != null && !stopped) {
            unwatch = watch.watch(log, () -> context.runOnContext(x -> wake()));
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        // looked at before reading: every line written before the exit is in the file by then
        boolean done = finished.isDone() || pastUntil();
        reading = true;
        grew = false;
        vertx.executeBlocking(() -> {
            watchOnce();
            return reader.read(READ_BYTES);
        }).onComplete(ar -> reading = false).onSuccess(batch -> {
            write(batch.lines());
            next(done && batch.atEnd(), batch.atEnd());
        }).onFailure(this::fail);
    }

    private void next(boolean done, boolean atEnd) {
        if (stopped) {
            release();
            return;
        }
        if (done) {
            stopped = true;
            release();
            response.end();
        } else if (response.writeQueueFull()) {
            response.drainHandler(v -> {
                response.drainHandler(null);
                tick();
            });
        } else if (!atEnd || grew) {
            vertx.runOnContext(v -> tick());
        } else {
            timer = vertx.setTimer(unwatch == null ? POLL_MILLIS : WATCHED_POLL_MILLIS, id -> {
                timer = -1;
                tick();
            });
        }
    }

    private boolean pastUntil() {
        return query.until() != null && java.time.Instant.now().isAfter(query.until());
    }

    private void write(List<LogLine> lines) {
        if (stopped || response.closed()) {
            return;
        }
        for (LogLine line : lines) {
            if (query.accepts(line)) {
                response.write(frames.encode(line));
            }
        }
    }

    /** Also cancels {@code finished}: pass a future of the pump's own, never the process's exit itself. */
    private void stop() {
        stopped = true;
        finished.cancel(false);
        if (!reading) {
            release();
        }
    }

    /** Reads at once when a poll is only waiting on its timer; after the read under way if there is one. */
    private void wake() {
        if (stopped) {
            return;
        }
        if (reading) {
            grew = true;
        } else if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
            tick();
        }
    }

    /** Closes the log on a worker, after the last read. */
    private void release() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        Runnable u = unwatch;
        if (u != null) {
            unwatch = null;
            u.run();
        }
        vertx.executeBlocking(() -> {
            reader.close();
            return null;
        });
    }

    private void fail(Throwable e) {
        LOG.log(Level.WARNING, "reading a container log failed", e);
        stop();
        StreamErrors.answer(response, 500, String.valueOf(e.getMessage()));
    }
}
