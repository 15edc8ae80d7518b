package io.berth.gateway.http;

import io.berth.events.route.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches requests by method and path (with or without {@code /vX.Y}), applying dockerd's version check
 * and headers first. Paths are {@link RouteTable} templates (the node agent's stream endpoint uses the same):
 * {@code {id}} is one path segment, {@code {name*}} the rest of the path (image names have slashes); each becomes
 * the exchange's parameter of that name ({@code ex.param("id")}).
 */
public final class Router implements Handler<HttpServerRequest> {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    public static final String SERVER = "Docker/25.0.0 (linux)";

    private final RouteTable<Endpoint> routes = new RouteTable<>();

    /** Adds {@code template} (e.g. {@code /containers/{id}/exec}, {@code /images/{name*}/json}) for {@code method}. */
    public Router add(HttpMethod method, String template, Endpoint endpoint) {
        routes.add(method.name(), template, endpoint);
        return this;
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        // dockerd puts these on every response; the CLI reads the OS from Server.
        response.putHeader("Api-Version", ApiVersion.MAX)
                .putHeader("Ostype", "linux")
                .putHeader("Server", SERVER);
        ApiVersion version = ApiVersion.of(request.path());
        Exchange fallback = new Exchange(request, Map.of(), version);
        var rejected = version.rejection();
        if (rejected.isPresent()) {
            fallback.error(rejected.get());
            return;
        }
        try {
            // decoded once here, so a malformed escape is the client's 400 and never an endpoint's 500
            request.params();
        } catch (IllegalArgumentException e) {
            fallback.error(ApiError.badRequest("invalid query: " + e.getMessage()));
            return;
        }
        Optional<RouteTable.Match<Endpoint>> route;
        try {
            route = routes.match(request.method().name(), version.path());
        } catch (IllegalArgumentException e) {
            fallback.error(ApiError.badRequest("invalid path: " + e.getMessage()));
            return;
        }
        if (route.isPresent()) {
            // the route's pattern (never the path, which holds ids) labels Vert.x's HTTP server meters
            request.routed(route.get().template());
            run(route.get().handler(), new Exchange(request, route.get().params(), version));
            return;
        }
        fallback.error(ApiError.notFound("page not found"));
    }

    private void run(Endpoint endpoint, Exchange exchange) {
        Future<?> result;
        try {
            result = endpoint.handle(exchange);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onFailure(e -> fail(exchange, e));
    }

    private void fail(Exchange exchange, Throwable e) {
        ApiError error = e instanceof ApiError api ? api : ApiError.internal(String.valueOf(e.getMessage()));
        if (!(e instanceof ApiError)) {
            LOG.log(Level.WARNING, exchange.request().method() + " " + exchange.request().path() + " failed", e);
        }
        HttpServerResponse response = exchange.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // too late for a status: end the stream so the client is not left hanging
            response.end();
            return;
        }
        exchange.error(error);
    }
}
