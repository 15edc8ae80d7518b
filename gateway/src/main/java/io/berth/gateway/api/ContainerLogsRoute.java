package io.berth.gateway.api;

import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.berth.gateway.stream.StreamMedia;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /containers/{id}/logs}: proxied to the node agent's log stream. Every error (400, 404, an
 * agent's refusal) is answered as JSON before the 200; after it the agent's frames are piped through with
 * backpressure, and a client that leaves resets the upstream request.
 */
public final class ContainerLogsRoute {
    private final ContainerStore store;
    private final NodeStreams streams;
    private final GatewayMeters meters;

    public ContainerLogsRoute(ContainerStore store, NodeStreams streams, GatewayMeters meters) {
        this.meters = meters;
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/containers/{id}/logs", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        if (!ex.flag("stdout") && !ex.flag("stderr")) {
            throw ApiError.badRequest("Bad parameters: you must choose at least one stream");
        }
        return store.find(ex.param("id")).compose(r -> streams.open(r, "logs", ex.request().query())
                .compose(up -> {
                    HttpServerResponse response = ex.response();
                    if (response.closed()) {
                        up.request().reset();
                        return Future.succeededFuture();
                    }
                    response.setStatusCode(200).setChunked(true)
                            .putHeader("Content-Type", StreamMedia.of(ex.version(), tty(r)));
                    response.closeHandler(v -> up.request().reset());
                    return meters.track("logs", up.response().pipeTo(response));
                }));
    }

    static boolean tty(ContainerRecord r) {
        return r.spec() != null && r.spec().tty();
    }
}
