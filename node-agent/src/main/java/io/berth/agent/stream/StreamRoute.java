package io.berth.agent.stream;

import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/** One route of the stream endpoint: answers the request; {@code params} are the path regex's groups. */
@FunctionalInterface
public interface StreamRoute {
    void handle(HttpServerRequest request, List<String> params);
}
