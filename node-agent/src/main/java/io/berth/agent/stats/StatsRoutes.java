package io.berth.agent.stats;

import io.berth.agent.NodePaths;
import io.berth.agent.cgroup.Cgroups;
import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.runtime.ContainerFiles;
import io.berth.agent.stream.StreamEndpoint;
import io.berth.agent.stream.StreamErrors;
import io.berth.events.spec.LayerRef;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code GET /containers/{id}/top}, {@code …/stats} and {@code …/size} on the node agent: what the kernel knows
 * about a container's processes, accounting and writable layer. Every read runs on a worker thread.
 */
public final class StatsRoutes {
    private static final String ID = "/containers/{id:[0-9a-f]{64}}/";

    private final Vertx vertx;
    private final NodePaths paths;
    private final ConcurrentMap<String, String> records;
    private final ContainerTable table;
    private final Cgroups cgroups;
    private final HostProc host = new HostProc(Path.of("/"));
    /** Unpacked layers never change, so each is measured once. */
    private final Map<String, Long> layerSizes = new ConcurrentHashMap<>();

    public StatsRoutes(Vertx vertx, NodePaths paths, ConcurrentMap<String, String> records, ContainerTable table,
                       Cgroups cgroups) {
        this.vertx = vertx;
        this.paths = paths;
        this.records = records;
        this.table = table;
        this.cgroups = cgroups;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.GET, ID + "top", this::top)
                .add(HttpMethod.GET, ID + "stats", this::stats)
                .add(HttpMethod.GET, ID + "size", this::size);
    }

    private void top(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        running(request, id).compose(r -> vertx.executeBlocking(() -> TopTable.of(
                host.processes(cgroups.pids(id)),
                new TopTable.Clock(Instant.now(), host.boot(), ZoneId.systemDefault(), host.users()))))
                .onSuccess(json -> answer(request, json))
                .onFailure(e -> StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage())));
    }

    private void stats(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        String stream = request.getParam("stream", "1");
        boolean once = stream.equals("0") || stream.equalsIgnoreCase("false");
        running(request, id).onSuccess(r -> new StatsStream(vertx, request.response(), () -> sample(id),
                (now, pre) -> StatsJson.of(id, r.name(), now, pre, memTotal()), () -> table.running(id).isPresent(),
                once).start())
                .onFailure(e -> StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage())));
    }

    private void size(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        known(request, id).compose(r -> vertx.executeBlocking(() -> {
            long rw = DiskUsage.of(new ContainerFiles(paths.container(id)).upper());
            long layers = 0;
            for (LayerRef layer : r.spec() == null ? List.<LayerRef>of() : r.spec().layers()) {
                layers += layerSize(layer.digest());
            }
            return new JsonObject().put("SizeRw", rw).put("SizeRootFs", rw + layers);
        })).onSuccess(json -> answer(request, json))
                .onFailure(e -> StreamErrors.answer(request.response(), 500, String.valueOf(e.getMessage())));
    }

    private long layerSize(String digest) throws IOException {
        Long known = layerSizes.get(digest);
        if (known != null) {
            return known;
        }
        String hex = digest.substring(digest.indexOf(':') + 1);
        long size = DiskUsage.of(paths.layer(hex));
        layerSizes.put(digest, size);
        return size;
    }

    private StatsSample sample(String id) throws IOException {
        return new StatsSample(Instant.now(), cgroups.usage(id), host.cpu());
    }

    private long memTotal() {
        try {
            return host.memTotal();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The record, or null after answering 404 (a failed future is answered 500). */
    private Future<ContainerRecord> known(HttpServerRequest request, String id) {
        return vertx.executeBlocking(() -> JsonCas.get(records, id, ContainerRecord.class).orElse(null))
                .compose(r -> {
                    if (r == null) {
                        StreamErrors.answer(request.response(), 404, "No such container: " + id);
                        return Future.failedFuture("answered");
                    }
                    return Future.succeededFuture(r);
                });
    }

    /** The record of a container whose process runs on this node; else answers 404 or 409 and fails. */
    private Future<ContainerRecord> running(HttpServerRequest request, String id) {
        return known(request, id).compose(r -> {
            if (table.running(id).isEmpty()) {
                StreamErrors.answer(request.response(), 409, "Container " + id + " is not running");
                return Future.failedFuture("answered");
            }
            return Future.succeededFuture(r);
        });
    }

    private static void answer(HttpServerRequest request, JsonObject json) {
        if (!request.response().ended() && !request.response().closed()) {
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(json.encode());
        }
    }
}
