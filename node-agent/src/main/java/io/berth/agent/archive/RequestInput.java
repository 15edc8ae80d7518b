package io.berth.agent.archive;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking InputStream over a request body, for a worker thread. The stream is paused while a few chunks
 * wait unread, so a large upload never piles up in memory; set up on the event loop before any chunk arrives.
 */
final class RequestInput extends InputStream {
    private static final int HIGH = 16;
    private static final Object END = new Object();
    /** A client that stops sending mid-body is given up on after this long. */
    private static final long IDLE_SECONDS = 300;

    private final Context context;
    private final ReadStream<Buffer> stream;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean paused;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    RequestInput(Vertx vertx, ReadStream<Buffer> stream) {
        this.context = vertx.getOrCreateContext();
        this.stream = stream;
        stream.handler(buf -> {
            queue.add(buf.getBytes());
            if (queue.size() >= HIGH && !paused) {
                paused = true;
                stream.pause();
            }
        });
        stream.endHandler(v -> queue.add(END));
        stream.exceptionHandler(e -> queue.add(new IOException("upload failed: " + e.getMessage(), e)));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = queue.poll(IDLE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the upload", e);
            }
            if (next == null) {
                throw new IOException("upload stalled for " + IDLE_SECONDS + " s");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof IOException e) {
                throw e;
            }
            current = (byte[]) next;
            pos = 0;
            if (paused && queue.size() < HIGH / 2) {
                paused = false;
                context.runOnContext(v -> stream.resume());
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
