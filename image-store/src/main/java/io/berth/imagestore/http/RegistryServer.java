package io.berth.imagestore.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The HTTP edge: parses each request, looks it up on a worker thread, writes the reply on the event loop. */
public final class RegistryServer {
    private static final Logger LOG = Logger.getLogger(RegistryServer.class.getName());
    private final Vertx vertx;
    private final RegistryLookup lookup;
    private HttpServer server;

    public RegistryServer(Vertx vertx, RegistryLookup lookup) {
        this.vertx = vertx;
        this.lookup = lookup;
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
        RegistryRoute route = RegistryRoute.parse(request.method().name(), request.path());
        // unordered: requests are independent, so they need not queue behind each other's disk reads
        vertx.executeBlocking(() -> lookup.answer(route), false).onComplete(result -> {
            if (result.succeeded()) {
                write(request, result.result());
            } else {
                LOG.log(Level.WARNING, "failed to answer " + request.method() + " " + request.path(), result.cause());
                write(request, Reply.error(new RegistryError(500, "UNKNOWN", "internal error",
                        String.valueOf(result.cause().getMessage()))));
            }
        });
    }

    private static void write(HttpServerRequest request, Reply reply) {
        HttpServerResponse response = request.response();
        response.setStatusCode(reply.status());
        response.putHeader("Docker-Distribution-API-Version", "registry/2.0");
        response.putHeader("Content-Type", reply.contentType());
        reply.headers().forEach(response::putHeader);
        boolean head = request.method() == HttpMethod.HEAD;
        if (reply instanceof Reply.Document doc) {
            response.putHeader("Content-Length", Integer.toString(doc.body().length));
            if (head) {
                response.end();
            } else {
                response.end(Buffer.buffer(doc.body()));
            }
        } else if (reply instanceof Reply.FileBody file) {
            if (head) {
                response.putHeader("Content-Length", Long.toString(file.size()));
                response.end();
            } else {
                response.sendFile(file.file().toString());
            }
        }
    }
}
