package io.berth.gateway.api;

import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /containers/{id}/top} and {@code GET /containers/{id}/stats}: asked of the node agent that runs
 * the container, which reads its cgroup and /proc. ps_args are accepted but the columns are always
 * {@code ps -ef}'s (what dockerd shows without them). Stats streams are piped through like logs.
 */
public final class ContainerStatsRoutes {
    private final ContainerStore store;
    private final NodeStreams streams;

    public ContainerStatsRoutes(ContainerStore store, NodeStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/containers/([^/]+)/top", this::top)
                .add(HttpMethod.GET, "/containers/([^/]+)/stats", this::stats);
    }

    private Future<Void> top(Exchange ex) {
        return store.find(ex.param(0)).map(ContainerStatsRoutes::mustRun)
                .compose(r -> streams.json(r, "top"))
                .compose(json -> ex.json(200, json.getMap()));
    }

    private Future<Void> stats(Exchange ex) {
        return store.find(ex.param(0)).map(ContainerStatsRoutes::mustRun)
                .compose(r -> streams.open(r, "stats", ex.request().query()).compose(up -> {
                    HttpServerResponse response = ex.response();
                    if (response.closed()) {
                        up.request().reset();
                        return Future.succeededFuture();
                    }
                    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
                    response.closeHandler(v -> up.request().reset());
                    return up.response().pipeTo(response);
                }));
    }

    /** dockerd's refusal for a container that is not running (the agent would answer the same). */
    private static ContainerRecord mustRun(ContainerRecord r) {
        if (!ContainerLifecycleRoutes.running(r)) {
            throw ApiError.conflict("Container " + r.id() + " is not running");
        }
        return r;
    }
}
