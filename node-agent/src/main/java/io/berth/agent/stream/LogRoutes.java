package io.berth.agent.stream;

import io.berth.agent.NodePaths;
import io.berth.agent.runtime.ContainerFiles;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code GET /containers/{id}/logs} (what the log holds, optionally followed until the process exits) and
 * {@code GET /containers/{id}/attach} (only what the current or next run writes, until it exits), both
 * answered as Docker stream frames. The 200 head goes out once the starting offset is fixed, so a gateway
 * that waits for it before answering its client loses no output of a start that follows.
 */
public final class LogRoutes {
    private static final String ID = "/containers/{id:[0-9a-f]{64}}/";

    private final Vertx vertx;
    private final NodePaths paths;
    private final ConcurrentMap<String, String> records;
    private final Runs runs;
    private final LogWatch watch;

    public LogRoutes(Vertx vertx, NodePaths paths, ConcurrentMap<String, String> records, Runs runs, LogWatch watch) {
        this.watch = watch;
        this.vertx = vertx;
        this.paths = paths;
        this.records = records;
        this.runs = runs;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.GET, ID + "logs", this::logs).add(HttpMethod.GET, ID + "attach", this::attach);
    }

    private record Target(Path log, boolean tty, long end) {
    }

    private void logs(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        open(request, id).onSuccess(target -> {
            if (target == null) {
                return;
            }
            LogQuery query = parsed(request);
            if (query == null) {
                return;
            }
            CompletableFuture<Void> finished = query.follow()
                    ? runs.current(id).orElseGet(() -> CompletableFuture.completedFuture(null))
                    : CompletableFuture.completedFuture(null);
            HttpServerResponse response = head(request, target);
            new LogPump(vertx, response, new LogReader(target.log(), 0), query, new Frames(target.tty(),
                    query.timestamps()), finished, watch, target.log()).start();
        });
    }

    private void attach(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        open(request, id).onSuccess(target -> {
            if (target == null) {
                return;
            }
            LogQuery asked = parsed(request);
            if (asked == null) {
                return;
            }
            // attach streams live output only: no history, no tail, no time bounds
            LogQuery query = new LogQuery(asked.stdout(), asked.stderr(), true, -1, false, null, null);
            CompletableFuture<Void> finished = runs.currentOrNext(id);
            HttpServerResponse response = head(request, target);
            new LogPump(vertx, response, new LogReader(target.log(), target.end()), query,
                    new Frames(target.tty(), false), finished, watch, target.log()).start();
        });
    }

    /**
     * Finds the container's log and terminal flag; answers 404 and completes with null when the cluster does
     * not know it. The record decides, not the directory: an attach can arrive before this agent has run the
     * create (the gateway answers create on the scheduler's placement), and then the log starts empty.
     */
    private Future<Target> open(HttpServerRequest request, String id) {
        return vertx.executeBlocking(() -> {
            Optional<ContainerRecord> record = JsonCas.get(records, id, ContainerRecord.class);
            if (record.isEmpty()) {
                return null;
            }
            Path log = new ContainerFiles(paths.container(id)).log();
            boolean tty = record.get().spec() != null && record.get().spec().tty();
            return new Target(log, tty, LogReader.end(log));
        }).andThen(ar -> {
            if (ar.failed()) {
                StreamErrors.answer(request.response(), 500, String.valueOf(ar.cause().getMessage()));
            } else if (ar.result() == null) {
                StreamErrors.answer(request.response(), 404, "No such container: " + id);
            }
        });
    }

    private static LogQuery parsed(HttpServerRequest request) {
        try {
            LogQuery query = LogQuery.parse(request.params());
            if (!query.stdout() && !query.stderr()) {
                StreamErrors.answer(request.response(), 400, "Bad parameters: you must choose at least one stream");
                return null;
            }
            return query;
        } catch (IllegalArgumentException e) {
            StreamErrors.answer(request.response(), 400, e.getMessage());
            return null;
        }
    }

    private static HttpServerResponse head(HttpServerRequest request, Target target) {
        HttpServerResponse response = request.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", target.tty() ? "application/vnd.docker.raw-stream"
                        : "application/vnd.docker.multiplexed-stream");
        response.writeHead();
        return response;
    }
}
