package io.berth.gateway.api;

import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The container filesystem verbs, proxied to the agent of the node holding the container, running or stopped:
 * {@code HEAD/GET/PUT /containers/{id}/archive} ({@code docker cp}), {@code GET …/export} and {@code GET …/changes}
 * ({@code docker diff}). Status, the {@code X-Docker-Container-Path-Stat} header and the body pass through
 * unchanged, streamed both ways; a client that leaves resets the upstream request.
 */
public final class ContainerFilesRoute {
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    private final ContainerStore store;
    private final NodeStreams streams;

    public ContainerFilesRoute(ContainerStore store, NodeStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.HEAD, "/containers/{id}/archive", ex -> handle(ex, "archive"))
                .add(HttpMethod.GET, "/containers/{id}/archive", ex -> handle(ex, "archive"))
                .add(HttpMethod.PUT, "/containers/{id}/archive", ex -> handle(ex, "archive"))
                .add(HttpMethod.GET, "/containers/{id}/export", ex -> handle(ex, "export"))
                .add(HttpMethod.GET, "/containers/{id}/changes", ex -> handle(ex, "changes"));
    }

    private Future<Void> handle(Exchange ex, String verb) {
        HttpServerRequest request = ex.request();
        boolean upload = request.method() == HttpMethod.PUT;
        if (upload) {
            // nothing of the tar may arrive before the upstream is there to take it
            request.pause();
        }
        if (verb.equals("archive") && (ex.query("path") == null || ex.query("path").isEmpty())) {
            throw ApiError.badRequest("path is required");
        }
        return store.find(ex.param("id")).compose(r -> streams.forward(r, request.method(), verb,
                request.query(), upload ? request : null)).compose(up -> {
                    HttpServerResponse response = ex.response();
                    if (response.closed()) {
                        up.request().reset();
                        return Future.succeededFuture();
                    }
                    response.setStatusCode(up.statusCode());
                    copy(up.headers().get(STAT_HEADER), STAT_HEADER, response);
                    copy(up.headers().get("Content-Type"), "Content-Type", response);
                    if (request.method() == HttpMethod.HEAD) {
                        up.resume();
                        return response.end();
                    }
                    response.setChunked(true);
                    response.closeHandler(v -> up.request().reset());
                    // an agent that cut its stream must not look like a whole archive here: reset, never end
                    return up.pipe().endOnFailure(false).to(response).recover(e -> {
                        response.reset();
                        return Future.succeededFuture();
                    });
                });
    }

    private static void copy(String value, String name, HttpServerResponse response) {
        if (value != null) {
            response.putHeader(name, value);
        }
    }
}
