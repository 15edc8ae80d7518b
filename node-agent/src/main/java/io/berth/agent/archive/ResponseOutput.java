package io.berth.agent.archive;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;

/**
 * A blocking OutputStream onto a chunked HTTP response, for a worker thread: each 64 KiB chunk waits until it
 * is written to the socket, so a slow client slows the archive down instead of filling the heap, and a client
 * that left fails the next write.
 */
final class ResponseOutput extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final HttpServerResponse response;
    private final byte[] buffer = new byte[CHUNK];
    private int used;

    ResponseOutput(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            flush();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == CHUNK) {
                flush();
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (used == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(used).appendBytes(buffer, 0, used);
        used = 0;
        try {
            response.write(chunk).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException("client went away: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming", e);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
