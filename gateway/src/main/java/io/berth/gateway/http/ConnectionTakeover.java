package io.berth.gateway.http;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;

/**
 * {@link RawUpgrade} for Vert.x 5.0.x, whose {@code toNetSocket()} refuses POST: takes the HTTP/1.1 connection
 * over as a NetSocket (internal API of the pinned version, kept to this one class) and writes the 101 itself.
 * The request body must have been read first.
 */
public final class ConnectionTakeover implements RawUpgrade {

    @Override
    public Future<NetSocket> upgrade(HttpServerRequest request, String contentType) {
        if (!(request.connection() instanceof Http1xServerConnection connection)) {
            return Future.failedFuture(new ApiError(400, "hijack needs HTTP/1.1"));
        }
        // The CLI half-closes its side once it has no stdin to send; by default Netty then closes the whole channel.
        connection.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        return connection.netSocket().compose(socket -> socket.write(Buffer.buffer("HTTP/1.1 101 UPGRADED\r\n"
                + "Content-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"))
                .map(v -> socket));
    }
}
