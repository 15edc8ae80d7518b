package io.berth.gateway.stream;

import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.impl.NoStackTraceTimeoutException;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's one path to the node agents: opens a container's byte stream (logs, attach, stats, exec) or
 * makes a short call on the agent that runs it (address from the {@code nodes} map), as a Kubernetes API
 * server does to the kubelet. A non-200 from the agent becomes the same error for the client. One client with
 * a pool sized for long-lived streams, so an open stream never queues another.
 */
public final class NodeStreams {
    private static final int STREAMS_PER_NODE = 1024;
    /** How long an agent may take to connect, and then to send the head of its answer (a stream's first byte may wait longer). */
    static final int CONNECT_MILLIS = 5_000;
    static final long HEAD_MILLIS = 30_000;
    private final ContainerStore store;
    private final HttpClient client;

    public NodeStreams(Vertx vertx, ContainerStore store) {
        this.store = store;
        // every follow or attach holds one connection for as long as it streams: the default pool (5 per
        // node) would queue the sixth behind the first five
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_MILLIS), new PoolOptions().setHttp1MaxSize(STREAMS_PER_NODE));
    }

    /** An open upstream stream: the request (to reset when the client leaves) and its 200 response. */
    public record Upstream(HttpClientRequest request, HttpClientResponse response) {
    }

    /** {@code GET <node>/containers/<id>/<verb>?<query>}, completed once the agent's 200 head has arrived. */
    public Future<Upstream> open(ContainerRecord record, String verb, String query) {
        return request(record, HttpMethod.GET, verb, query).compose(req -> head(record, req, req.send())
                .compose(resp -> resp.statusCode() == 200
                        // held until the caller pipes it: output must not fall on the floor meanwhile
                        ? Future.succeededFuture(new Upstream(req, resp.pause()))
                        : resp.body().compose(body -> Future.failedFuture(error(resp.statusCode(),
                        body.toString())))));
    }

    /**
     * {@code POST <node>/containers/<id>/<verb>} with {@code body}, completed once the agent's 200 head has arrived
     * (held paused, as {@link #open}); e.g. an exec's start, whose answer is its output.
     */
    public Future<Upstream> send(ContainerRecord record, String verb, io.vertx.core.buffer.Buffer body) {
        return request(record, HttpMethod.POST, verb, null).compose(req -> head(record, req, req.send(body))
                .compose(resp -> resp.statusCode() == 200
                        ? Future.succeededFuture(new Upstream(req, resp.pause()))
                        : resp.body().compose(b -> Future.failedFuture(error(resp.statusCode(), b.toString())))));
    }

    /**
     * {@code POST <node>/containers/<id>/<verb>?<query>} with a chunked body the caller writes and ends (an
     * attach's stdin). The agent's answer is read and dropped: the caller's client has its own stream.
     */
    public Future<HttpClientRequest> input(ContainerRecord record, String verb, String query) {
        return request(record, HttpMethod.POST, verb, query).map(req -> {
            req.setChunked(true);
            req.response().onSuccess(resp -> resp.body());
            return req;
        });
    }

    /** {@code POST <node>/containers/<id>/<verb>?<query>} with no body; fails with the agent's error. */
    public Future<Void> post(ContainerRecord record, String verb, String query) {
        return request(record, HttpMethod.POST, verb, query).compose(req -> head(record, req, req.send()))
                .compose(resp -> resp.body().compose(body -> resp.statusCode() / 100 == 2
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(error(resp.statusCode(), body.toString()))));
    }

    /**
     * {@code <method> <node>/containers/<id>/<verb>?<query>}, the caller's body (if any) piped up with
     * backpressure; completes with the agent's response, whatever its status, held paused for the caller.
     */
    public Future<HttpClientResponse> forward(ContainerRecord record, HttpMethod method, String verb, String query,
                                              io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> body) {
        return request(record, method, verb, query).compose(req -> {
            if (body == null) {
                return req.send().map(HttpClientResponse::pause);
            }
            req.setChunked(true);
            Future<HttpClientResponse> response = req.response().map(HttpClientResponse::pause);
            body.pipeTo(req).onFailure(e -> req.reset());
            return response;
        });
    }

    private Future<HttpClientRequest> request(ContainerRecord record, HttpMethod method, String verb, String query) {
        return store.node(record.nodeId()).compose(node -> {
            if (node.isEmpty() || node.get().address() == null) {
                return Future.failedFuture(ApiError.internal("container " + record.id()
                        + " is on node " + record.nodeId() + ", which has no stream endpoint"));
            }
            String[] hostPort = splitAddress(node.get().address());
            String uri = "/containers/" + record.id() + "/" + verb + (query == null ? "" : "?" + query);
            return client.request(new RequestOptions().setMethod(method).setHost(hostPort[0])
                    .setPort(Integer.parseInt(hostPort[1])).setURI(uri));
        });
    }

    /** The answer's head within {@link #HEAD_MILLIS}, else the request is reset and a 500 names the node. */
    private static Future<HttpClientResponse> head(ContainerRecord record, HttpClientRequest req,
                                                   Future<HttpClientResponse> sent) {
        return sent.timeout(HEAD_MILLIS, TimeUnit.MILLISECONDS).recover(e -> {
            req.reset();
            return Future.failedFuture(e instanceof NoStackTraceTimeoutException
                    ? ApiError.internal("timed out: node " + record.nodeId() + " did not answer about container "
                    + record.id() + " within " + HEAD_MILLIS / 1000 + " s")
                    : ApiError.internal("node " + record.nodeId() + " of container " + record.id()
                    + " cannot be reached: " + e.getMessage()));
        });
    }

    /** {@code GET <node>/containers/<id>/<verb>} answered with one JSON object, e.g. top or size. */
    public Future<JsonObject> json(ContainerRecord record, String verb) {
        return open(record, verb, null).compose(up -> {
            // open() hands the stream over paused; a body read wants it flowing
            Future<io.vertx.core.buffer.Buffer> body = up.response().body();
            up.response().resume();
            return body;
        }).map(JsonObject::new);
    }

    private static ApiError error(int status, String body) {
        String message;
        try {
            message = new JsonObject(body).getString("message", body);
        } catch (RuntimeException e) {
            message = body;
        }
        return new ApiError(status, message);
    }

    /** {@code host:port}, the host possibly an IPv6 literal in brackets. */
    static String[] splitAddress(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[]{host, address.substring(colon + 1)};
    }

    public Future<Void> close() {
        return client.close();
    }
}
