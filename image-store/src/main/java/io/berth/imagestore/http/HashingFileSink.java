package io.berth.imagestore.http;

import io.berth.imagestore.upload.Upload;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;

/** Appends a request body to an upload's file and feeds the same bytes to its running digest, in order. */
final class HashingFileSink implements WriteStream<Buffer> {
    private final AsyncFile file;
    private final Upload upload;

    HashingFileSink(AsyncFile file, Upload upload) {
        this.file = file;
        this.upload = upload;
    }

    @Override
    public Future<Void> write(Buffer data) {
        upload.appended(data.getBytes());
        return file.write(data);
    }

    @Override
    public Future<Void> end() {
        return file.end();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        file.exceptionHandler(handler);
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        file.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
        return this;
    }
}
