package io.berth.imagestore;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The image store service: an OCI Distribution (registry v2) endpoint over a content-addressed store. */
public final class ImageStore {
    private final Vertx vertx;
    private final ImageStoreConfig config;

    public ImageStore(Vertx vertx, ImageStoreConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Seeds busybox on first start, then serves; completes once listening. */
    public Future<Void> start() {
        return Future.failedFuture("not built yet");
    }

    /** The port actually bound (useful when configured with 0). */
    public int port() {
        return config.port();
    }

    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
