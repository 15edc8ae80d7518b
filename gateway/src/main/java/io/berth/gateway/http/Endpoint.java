package io.berth.gateway.http;

import io.vertx.core.Future;

/** One route's handler: answers the exchange, or fails the future (an {@link ApiError} becomes its status). */
@FunctionalInterface
public interface Endpoint {
    Future<?> handle(Exchange exchange);
}
