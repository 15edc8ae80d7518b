package io.berth.agent.metrics;

import io.berth.agent.stream.StreamRoute;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * The agent's {@code GET /metrics} on the stream endpoint (the gateway's is {@code GatewayMetricsRoute}): this
 * process's meters in the Prometheus text format (0.0.4).
 */
public final class AgentMetricsRoute implements StreamRoute {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;

    public AgentMetricsRoute(Vertx vertx, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    @Override
    public void handle(HttpServerRequest request, Map<String, String> params) {
        // the scrape walks every meter: off the event loop
        vertx.executeBlocking(registry::scrape, false).onComplete(text -> {
            if (text.succeeded()) {
                request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text.result());
            } else {
                request.response().setStatusCode(500).end(String.valueOf(text.cause().getMessage()));
            }
        });
    }
}
