package io.berth.agent.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node agent's HTTP endpoint for byte streams (logs, attach, exec): the gateway proxies clients here.
 * Owns the server; other parts of the agent add their routes with {@link #add}.
 */
public final class StreamEndpoint {
    private static final Logger LOG = Logger.getLogger(StreamEndpoint.class.getName());

    private record Route(HttpMethod method, Pattern path, StreamRoute handler) {
    }

    private final Vertx vertx;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public StreamEndpoint(Vertx vertx) {
        this.vertx = vertx;
    }

    public StreamEndpoint add(HttpMethod method, String pathRegex, StreamRoute handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
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
        for (Route route : routes) {
            Matcher m = route.path.matcher(request.path());
            if (route.method.equals(request.method()) && m.matches()) {
                List<String> params = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    params.add(m.group(g));
                }
                // the route's pattern (never the path, which holds ids) labels Vert.x's HTTP server meters
                request.routed(route.path.pattern());
                try {
                    route.handler.handle(request, params);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, request.method() + " " + request.path() + " failed", e);
                    StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage()));
                }
                return;
            }
        }
        StreamErrors.answer(request.response(), 404, "page not found: " + request.path());
    }
}
