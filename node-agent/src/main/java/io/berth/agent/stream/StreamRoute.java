package io.berth.agent.stream;

import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/** One route of the stream endpoint: answers the request; {@code params} are the template's named parameters. */
@FunctionalInterface
public interface StreamRoute {
    void handle(HttpServerRequest request, Map<String, String> params);
}
