package io.berth.gateway.api;

import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /containers/{id}/top} and {@code GET /containers/{id}/stats}: asked of the node agent that runs
 * the container, which reads its cgroup and /proc. ps_args are accepted but the columns are always
 * {@code ps -ef}'s (what dockerd shows without them). Stats streams are piped through like logs; a container
 * that is not running answers one all-zero sample without a stream (as dockerd, so {@code stats --no-stream -a}
 * lists it) and 409 with one.
 */
public final class ContainerStatsRoutes {
    private final ContainerStore store;
    private final NodeStreams streams;
    private final GatewayMeters meters;

    public ContainerStatsRoutes(ContainerStore store, NodeStreams streams, GatewayMeters meters) {
        this.meters = meters;
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/containers/{id}/top", this::top)
                .add(HttpMethod.GET, "/containers/{id}/stats", this::stats);
    }

    private Future<Void> top(Exchange ex) {
        return store.find(ex.param("id")).map(ContainerStatsRoutes::mustRun)
                .compose(r -> streams.json(r, "top"))
                .compose(json -> ex.json(200, json.getMap()));
    }

    private Future<Void> stats(Exchange ex) {
        boolean stream = ex.query("stream") == null || ex.flag("stream");
        return store.find(ex.param("id")).compose(r -> !stream && !ContainerLifecycleRoutes.running(r)
                ? ex.json(200, stoppedStats(r))
                : piped(ex, mustRun(r)));
    }

    /** dockerd's one answer for a container that is not running, without a stream: all zero, named. */
    private static Map<String, Object> stoppedStats(ContainerRecord r) {
        String zeroTime = "0001-01-01T00:00:00Z";
        Map<String, Object> cpu = Map.of(
                "cpu_usage", Map.of("total_usage", 0, "usage_in_kernelmode", 0, "usage_in_usermode", 0),
                "throttling_data", Map.of("periods", 0, "throttled_periods", 0, "throttled_time", 0));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("read", zeroTime);
        stats.put("preread", zeroTime);
        stats.put("pids_stats", Map.of());
        stats.put("blkio_stats", Map.of());
        stats.put("num_procs", 0);
        stats.put("storage_stats", Map.of());
        stats.put("cpu_stats", cpu);
        stats.put("precpu_stats", cpu);
        stats.put("memory_stats", Map.of());
        stats.put("name", "/" + r.name());
        stats.put("id", r.id());
        return stats;
    }

    private Future<Void> piped(Exchange ex, ContainerRecord r) {
        return streams.open(r, "stats", ex.request().query()).compose(up -> {
            HttpServerResponse response = ex.response();
            if (response.closed()) {
                up.request().reset();
                return Future.succeededFuture();
            }
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
            response.closeHandler(v -> up.request().reset());
            return meters.track("stats", up.response().pipeTo(response));
        });
    }

    /** dockerd's refusal for a container that is not running (the agent would answer the same). */
    private static ContainerRecord mustRun(ContainerRecord r) {
        if (!ContainerLifecycleRoutes.running(r)) {
            throw ApiError.conflict("Container " + r.id() + " is not running");
        }
        return r;
    }
}
