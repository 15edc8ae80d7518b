package io.berth.agent.stream;

import io.berth.events.route.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node agent's HTTP endpoint for byte streams (logs, attach, exec): the gateway proxies clients here.
 * Owns the server; other parts of the agent add their routes with {@link #add}, dispatched by the same
 * {@link RouteTable} as the gateway's Docker API.
 */
public final class StreamEndpoint {
    private static final Logger LOG = Logger.getLogger(StreamEndpoint.class.getName());

    private final Vertx vertx;
    private final RouteTable<StreamRoute> routes = new RouteTable<>();
    private HttpServer server;

    public StreamEndpoint(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Adds a {@link RouteTable} template, e.g. {@code /containers/{id:[0-9a-f]{64}}/logs}, for {@code method}. */
    public StreamEndpoint add(HttpMethod method, String template, StreamRoute handler) {
        routes.add(method.name(), template, handler);
        return this;
    }

    /** Listens on {@code host:port} (0 for any free port); completes with the bound port. */
    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::dispatch);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private void dispatch(HttpServerRequest request) {
        Optional<RouteTable.Match<StreamRoute>> route;
        try {
            route = routes.match(request.method().name(), request.path());
        } catch (IllegalArgumentException e) {
            StreamErrors.answer(request.response(), 400, "invalid path: " + e.getMessage());
            return;
        }
        if (route.isEmpty()) {
            StreamErrors.answer(request.response(), 404, "page not found: " + request.path());
            return;
        }
        // the route's pattern (never the path, which holds ids) labels Vert.x's HTTP server meters
        request.routed(route.get().template());
        try {
            route.get().handler().handle(request, route.get().params());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, request.method() + " " + request.path() + " failed", e);
            StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage()));
        }
    }
}
