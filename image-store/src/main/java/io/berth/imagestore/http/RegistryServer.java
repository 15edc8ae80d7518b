package io.berth.imagestore.http;

import io.berth.events.Topics;
import io.berth.events.image.ImageChanged;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.berth.imagestore.manifest.ManifestDocument;
import io.berth.imagestore.upload.Upload;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP edge: parses each request, does the disk work on a worker thread and writes the reply on the
 * event loop. Blob bodies stream from the socket into the upload's file, hashed on the way.
 */
public final class RegistryServer {
    private static final Logger LOG = Logger.getLogger(RegistryServer.class.getName());
    private final Vertx vertx;
    private final RegistryLookup lookup;
    private final RegistryWriteRoutes writes;
    private final Supplier<Reply> collectGarbage;
    private HttpServer server;
    private final PrometheusMeterRegistry registry;
    private final boolean announced;

    /** A server whose store announces nothing. */
    public RegistryServer(Vertx vertx, RegistryLookup lookup, RegistryWriteRoutes writes, Supplier<Reply> collectGarbage,
                          PrometheusMeterRegistry registry) {
        this(vertx, lookup, writes, collectGarbage, registry, false);
    }

    /**
     * @param collectGarbage runs one collection (blocking) and describes it; answers {@code POST /berth/gc}
     * @param registry       the process's meters, answered at {@code GET /metrics}
     * @param announced      every change of a name is announced on {@code image-events}: each reply says so
     *                       ({@link ImageChanged#ANNOUNCED_HEADER}), so a gateway knows it may keep a catalogue
     */
    public RegistryServer(Vertx vertx, RegistryLookup lookup, RegistryWriteRoutes writes, Supplier<Reply> collectGarbage,
                          PrometheusMeterRegistry registry, boolean announced) {
        this.announced = announced;
        this.registry = registry;
        this.vertx = vertx;
        this.lookup = lookup;
        this.writes = writes;
        this.collectGarbage = collectGarbage;
    }

    /** Listens; the future carries the bound port. */
    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        if (announced) {
            request.response().putHeader(ImageChanged.ANNOUNCED_HEADER, Topics.IMAGE_EVENTS);
        }
        if (request.method() == HttpMethod.GET && "/metrics".equals(request.path())) {
            request.routed("/metrics");
            blocking(registry::scrape).onComplete(text -> write(request, text.succeeded()
                    ? new Reply.Document(200, "text/plain; version=0.0.4; charset=utf-8",
                            text.result().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of())
                    : Reply.error(new RegistryError(500, "UNKNOWN", "scrape failed", String.valueOf(text.cause())))));
            return;
        }
        Map<String, String> query = new HashMap<>();
        request.params().forEach((k, v) -> query.putIfAbsent(k, v));
        RegistryRoute route = RegistryRoute.parse(request.method().name(), request.path(), query);
        // the kind of route (never the path, which holds names and digests) labels Vert.x's HTTP server meters
        request.routed(route.getClass().getSimpleName());
        Future<Reply> reply;
        if (RegistryWriteRoutes.streamsBody(route)) {
            reply = upload(request, route);
        } else if (route instanceof RegistryRoute.Manifest m && m.method().equals("PUT")) {
            String contentType = request.getHeader("Content-Type");
            reply = readManifest(request).compose(body -> body == null
                    ? Future.succeededFuture(Reply.error(RegistryError.manifestInvalid(
                            "manifest larger than " + ManifestDocument.MAX_BYTES + " bytes")))
                    : blocking(() -> writes.putManifest(m, contentType, body.getBytes())));
        } else if (route instanceof RegistryRoute.Manifest m && m.method().equals("DELETE")) {
            reply = blocking(() -> writes.deleteManifest(m));
        } else if (route instanceof RegistryRoute.StartUpload || route instanceof RegistryRoute.Upload) {
            reply = blocking(() -> writes.prepare(route, null).reply());
        } else if (route instanceof RegistryRoute.CollectGarbage) {
            reply = blocking(collectGarbage::get);
        } else {
            List<String> accept = request.headers().getAll("Accept");
            String range = request.getHeader("Range");
            reply = blocking(() -> lookup.answer(route, accept, range));
        }
        reply.onComplete(result -> {
            if (result.succeeded()) {
                write(request, result.result());
            } else {
                LOG.log(Level.WARNING, "failed to answer " + request.method() + " " + request.path(), result.cause());
                write(request, Reply.error(new RegistryError(500, "UNKNOWN", "internal error",
                        String.valueOf(result.cause().getMessage()))));
            }
        });
    }

    // prepare (worker) → stream the body into the upload's file (event loop) → complete (worker)
    private Future<Reply> upload(HttpServerRequest request, RegistryRoute route) {
        request.pause();
        String contentRange = request.getHeader("Content-Range");
        return blocking(() -> writes.prepare(route, contentRange)).compose(prepared -> {
            if (prepared.upload() == null) {
                request.resume();
                return Future.succeededFuture(prepared.reply());
            }
            Upload upload = prepared.upload();
            return vertx.fileSystem().open(upload.file().toString(), new OpenOptions().setWrite(true).setAppend(true))
                    .compose(file -> request.pipeTo(new HashingFileSink(file, upload)))
                    .compose(done -> blocking(() -> writes.complete(route, upload)),
                            failure -> {
                                LOG.log(Level.INFO, "upload " + upload.id() + " abandoned: " + failure.getMessage());
                                return blocking(() -> {
                                    writes.abandon(upload);
                                    return Reply.error(new RegistryError(400, "BLOB_UPLOAD_INVALID",
                                            "blob upload invalid", String.valueOf(failure.getMessage())));
                                });
                            });
        });
    }

    // The whole body, or null once it passes the manifest limit (the rest is drained and dropped).
    private static Future<Buffer> readManifest(HttpServerRequest request) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (!tooLarge[0] && body.length() + chunk.length() > ManifestDocument.MAX_BYTES) {
                tooLarge[0] = true;
            }
            if (!tooLarge[0]) {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> promise.tryComplete(tooLarge[0] ? null : body));
        return promise.future();
    }

    // unordered: requests are independent, so they need not queue behind each other's disk work
    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static void write(HttpServerRequest request, Reply reply) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        response.putHeader("Docker-Distribution-API-Version", "registry/2.0");
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        reply.headers().forEach(response::putHeader);
        boolean head = request.method() == HttpMethod.HEAD;
        if (reply instanceof Reply.Document doc) {
            response.putHeader("Content-Length", Integer.toString(doc.body().length));
            if (head || doc.body().length == 0) {
                response.end();
            } else {
                response.end(Buffer.buffer(doc.body()));
            }
        } else if (reply instanceof Reply.FileBody file) {
            if (head) {
                response.putHeader("Content-Length", Long.toString(file.length()));
                response.end();
            } else {
                response.sendFile(file.file().toString(), file.offset(), file.length());
            }
        }
    }
}
