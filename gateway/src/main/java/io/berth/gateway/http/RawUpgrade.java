package io.berth.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;

/** Turns a Docker hijack request ({@code POST … Upgrade: tcp}) into a raw duplex socket after a 101. */
public interface RawUpgrade {

    /** Sends {@code 101 UPGRADED} with {@code contentType}; completes with the socket, HTTP done with. */
    Future<NetSocket> upgrade(HttpServerRequest request, String contentType);
}
