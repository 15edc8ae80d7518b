package io.berth.gateway.metrics;

import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/**
 * The gateway's {@code GET /metrics} (the agent's is {@code AgentMetricsRoute}): every meter of this process in
 * the Prometheus text format (0.0.4). The scrape walks every meter, so it runs on a worker thread.
 */
public final class GatewayMetricsRoute {
    /** The content type Prometheus expects of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;

    public GatewayMetricsRoute(Vertx vertx, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/metrics", this::handle);
    }

    private Future<Void> handle(Exchange ex) {
        return vertx.executeBlocking(registry::scrape, false)
                .compose(text -> ex.response().putHeader("Content-Type", CONTENT_TYPE).end(text));
    }
}
