package io.berth.gateway.events;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Hands buffers from a reader thread to an HTTP response on its event loop with back-pressure: at most
 * {@value #IN_FLIGHT} buffers wait on the loop, and one written into a full write queue holds its credit until
 * the response drains. A slow client so slows the reader (memory stays bounded however long the replay); one that
 * has gone lets the waiting reader go.
 */
final class ResponseFlow {
    static final int IN_FLIGHT = 4;
    /** Bytes the response queues before it counts as full (Vert.x's default is 64 kB). */
    private static final int WRITE_QUEUE = 1 << 20;
    private final HttpServerResponse response;
    private final Context context;
    private final Semaphore credits = new Semaphore(IN_FLIGHT);
    private int owed; // credits to give back on drain; touched on the event loop only
    private volatile boolean open = true;

    ResponseFlow(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
        response.setWriteQueueMaxSize(WRITE_QUEUE);
    }

    /** Blocks the calling (reader) thread until there is room or the client has gone; then writes. */
    void send(Buffer buffer) {
        try {
            while (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!open) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        context.runOnContext(v -> {
            if (response.ended() || response.closed()) {
                credits.release();
                return;
            }
            response.write(buffer);
            if (response.writeQueueFull()) {
                owed++;
                response.drainHandler(d -> {
                    credits.release(owed);
                    owed = 0;
                });
            } else {
                credits.release();
            }
        });
    }

    /** Whether the client is still there. */
    boolean open() {
        return open;
    }

    /** The client has gone: a sender waiting for room gives up. */
    void close() {
        open = false;
    }

    /** Ends the response after everything sent before. */
    void end() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }
}
