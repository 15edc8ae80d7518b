package io.berth.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;

/** One request as a route sees it: the path parameters, the query, and ways to answer in Docker's format. */
public final class Exchange {
    /** The largest JSON body read (a create body with every field set is a few KiB). */
    public static final int MAX_BODY = 4 << 20;
    private final HttpServerRequest request;
    private final Map<String, String> params;
    private final ApiVersion version;

    public Exchange(HttpServerRequest request, Map<String, String> params, ApiVersion version) {
        this.request = request;
        this.params = Map.copyOf(params);
        this.version = version;
    }

    public HttpServerRequest request() {
        return request;
    }

    public HttpServerResponse response() {
        return request.response();
    }

    public ApiVersion version() {
        return version;
    }

    /** The n-th captured path segment (a container reference, an image name…). */
    /** The path parameter {@code name} of the route's template, decoded; fails if the template has none. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter " + name);
        }
        return value;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return request.getParam(name);
    }

    /** A query boolean as Docker reads it: false only when absent, empty, 0, no, false or none. */
    public boolean flag(String name) {
        return QueryFlags.isTrue(query(name));
    }

    /** An integer query parameter, {@code fallback} when absent; 400 when not a number. */
    public int integer(String name, int fallback) {
        String value = query(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid value for " + name + ": " + value);
        }
    }

    /**
     * The whole request body. Every JSON body Docker's clients send is small, so one that declares more than
     * {@link #MAX_BODY} is refused with 413 before it is read, a chunked one as soon as it passes the limit (never
 * held whole), and the connection is closed after the answer.
     */
    public Future<Buffer> body() {
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(ApiError.badRequest("invalid Content-Length: " + declared));
            }
            if (length > MAX_BODY) {
                return Future.failedFuture(new ApiError(413, "request body too large: " + length
                        + " bytes, at most " + MAX_BODY));
            }
        }
        if (request.isEnded()) {
            return request.body();
        }
        // chunked (or a lying Content-Length): counted as it arrives, refused at the first byte over the limit
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (read.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                request.pause();
                read.tryFail(new ApiError(413, "request body too large: more than " + MAX_BODY + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(v -> read.tryComplete(body));
        return read.future();
    }

    public Future<Void> json(int status, Object value) {
        return response().setStatusCode(status).putHeader("Content-Type", DockerJson.CONTENT_TYPE)
                .end(DockerJson.write(value));
    }

    /** A JSON body already encoded (off the event loop, when it is large). */
    public Future<Void> encodedJson(int status, String json) {
        return response().setStatusCode(status).putHeader("Content-Type", DockerJson.CONTENT_TYPE).end(json);
    }

    public Future<Void> noContent() {
        return response().setStatusCode(204).end();
    }

    /** 304, which the CLI treats as success; never a body. */
    public Future<Void> notModified() {
        return response().setStatusCode(304).end();
    }

    public Future<Void> error(ApiError error) {
        Future<Void> sent = json(error.status(), Map.of("message", error.getMessage()));
        if (error.status() == 413) {
            // the rest of the body is never read: end the connection instead of draining it
            sent = sent.onComplete(v -> request.connection().close());
        }
        return sent;
    }
}
