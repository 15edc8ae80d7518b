package io.berth.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches requests by method and path (with or without {@code /vX.Y}), applying dockerd's version check
 * and headers first. Paths are templates: {@code {id}} is one path segment, {@code {name*}} the rest of the path
 * (image names have slashes); each becomes the exchange's parameter of that name ({@code ex.param("id")}).
 */
public final class Router implements Handler<HttpServerRequest> {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());
    public static final String SERVER = "Docker/25.0.0 (linux)";

    private record Route(HttpMethod method, String template, Pattern path, List<String> names, Endpoint endpoint) {
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-z]+)(\\*?)}");

    private final List<Route> routes = new ArrayList<>();

    /** Adds {@code template} (e.g. {@code /containers/{id}/exec}, {@code /images/{name*}/json}) for {@code method}. */
    public Router add(HttpMethod method, String template, Endpoint endpoint) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())))
                    .append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), List.copyOf(names), endpoint));
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
        for (Route route : routes) {
            Matcher m = route.path.matcher(version.path());
            if (route.method.equals(request.method()) && m.matches()) {
                Map<String, String> params = new HashMap<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    String segment = decode(m.group(g));
                    if (segment == null) {
                        fallback.error(ApiError.badRequest("invalid path: malformed escape in " + m.group(g)));
                        return;
                    }
                    params.put(route.names.get(g - 1), segment);
                }
                // the route's pattern (never the path, which holds ids) labels Vert.x's HTTP server meters
                request.routed(route.template);
                run(route.endpoint, new Exchange(request, params, version));
                return;
            }
        }
        fallback.error(ApiError.notFound("page not found"));
    }

    /** Percent-decoding only: a '+' in a path is a plus; null when an escape is malformed. */
    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
