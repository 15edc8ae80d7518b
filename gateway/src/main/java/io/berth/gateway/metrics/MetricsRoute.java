package io.berth.gateway.metrics;

import io.berth.gateway.http.Exchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * {@code GET /metrics}: every meter of this process in the Prometheus text format (0.0.4). The scrape walks
 * every meter, so it runs on a worker thread.
 */
public final class MetricsRoute {
    /** The content type Prometheus expects of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;

    public MetricsRoute(Vertx vertx, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    public Future<Void> handle(Exchange ex) {
        return vertx.executeBlocking(registry::scrape, false)
                .compose(text -> ex.response().putHeader("Content-Type", CONTENT_TYPE).end(text));
    }
}
