package io.berth.imagestore;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.imagestore.announce.ImageAnnouncer;
import io.berth.imagestore.announce.KafkaImageAnnouncer;
import io.berth.imagestore.gc.GarbageCollector;
import io.berth.imagestore.http.RegistryLookup;
import io.berth.imagestore.http.RegistryServer;
import io.berth.imagestore.http.RegistryWriteRoutes;
import io.berth.imagestore.http.Reply;
import io.berth.imagestore.manifest.Manifests;
import io.berth.imagestore.seed.BusyboxSeed;
import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.StoreLayout;
import io.berth.imagestore.upload.UploadSessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The image store service: an OCI Distribution (registry v2) endpoint over a content-addressed store. */
public final class ImageStore {
    private static final Logger LOG = Logger.getLogger(ImageStore.class.getName());
    private final Vertx vertx;
    private final ImageStoreConfig config;
    private RegistryServer server;
    /** An upload nobody wrote to for this long is dropped at the next collection. */
    static final java.time.Duration UPLOAD_IDLE = java.time.Duration.ofHours(24);
    private GarbageCollector collector;
    private UploadSessions uploads;
    private long gcTimer = -1;
    private volatile int port;
    private ImageAnnouncer announcer = ImageAnnouncer.NONE;

    private final PrometheusMeterRegistry registry;

    /** A store with a registry of its own (tests; a launcher shares one registry per process). */
    public ImageStore(Vertx vertx, ImageStoreConfig config) {
        this(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** @param registry the process's meters, served at {@code /metrics} */
    public ImageStore(Vertx vertx, ImageStoreConfig config, PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.vertx = vertx;
        this.config = config;
        this.port = config.port();
    }

    /** Seeds busybox on first start, then serves; completes once listening. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            if (config.kafkaBootstrap() != null && !config.kafkaBootstrap().isEmpty()) {
                announcer = new KafkaImageAnnouncer(config.kafkaBootstrap(), "berth-image-store-" + config.port());
            }
            ContentStore store = new ContentStore(new StoreLayout(config.root()));
            BusyboxSeed.ensure(new Manifests(store), store, config.busyboxBinary());
            return store;
        }).compose(store -> {
            Manifests manifests = new Manifests(store);
            collector = new GarbageCollector(store, Clock.systemUTC(), config.gcGrace());
            uploads = new UploadSessions(store, Clock.systemUTC());
            server = new RegistryServer(vertx, new RegistryLookup(store, manifests),
                    new RegistryWriteRoutes(store, manifests, uploads, announcer), this::collectGarbage, registry,
                    announcer.announces());
            return server.listen(config.host(), config.port());
        }).map(bound -> {
            port = bound;
            if (!config.gcInterval().isZero()) {
                gcTimer = vertx.setPeriodic(config.gcInterval().toMillis(), id -> vertx.executeBlocking(this::collectGarbage, false)
                        .onFailure(e -> LOG.log(Level.WARNING, "periodic garbage collection failed", e)));
            }
            return null;
        });
    }

    private Reply collectGarbage() {
        int expired = uploads.expire(java.time.Instant.now().minus(UPLOAD_IDLE));
        GarbageCollector.Result result = collector.collect();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("uploadsExpired", expired);
        body.put("marked", result.marked());
        body.put("deleted", result.deleted());
        body.put("bytesFreed", result.bytesFreed());
        body.put("started", result.started().toString());
        return Reply.json(200, Json.bytes(body));
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
        if (gcTimer >= 0) {
            vertx.cancelTimer(gcTimer);
        }
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> vertx.executeBlocking(() -> {
            announcer.close();
            return null;
        }, false));
    }
}
