package io.berth.imagestore;

import io.berth.imagestore.http.RegistryLookup;
import io.berth.imagestore.http.RegistryServer;
import io.berth.imagestore.seed.BusyboxSeed;
import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.StoreLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The image store service: an OCI Distribution (registry v2) endpoint over a content-addressed store. */
public final class ImageStore {
    private final Vertx vertx;
    private final ImageStoreConfig config;
    private RegistryServer server;
    private volatile int port;

    public ImageStore(Vertx vertx, ImageStoreConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.port = config.port();
    }

    /** Seeds busybox on first start, then serves; completes once listening. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            ContentStore store = new ContentStore(new StoreLayout(config.root()));
            BusyboxSeed.ensure(store, config.busyboxBinary());
            return store;
        }).compose(store -> {
            server = new RegistryServer(vertx, new RegistryLookup(store));
            return server.listen(config.host(), config.port());
        }).map(bound -> {
            port = bound;
            return null;
        });
    }

    /** The port actually bound (useful when configured with 0). */
    public int port() {
        return port;
    }

    /** The base URL of the registry API, e.g. {@code http://127.0.0.1:5000}. */
    public String url() {
        return "http://" + config.host() + ":" + port;
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
