package io.berth.gateway.api;

import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.stream.NodeStreams;
import io.berth.gateway.stream.StreamMedia;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

/**
 * {@code POST /containers/{id}/attach}: hijacks the connection (101 with {@code Upgrade: tcp}, else dockerd's
 * plain 200) and pipes the node agent's attach stream down it until the process exits, then closes. The
 * upstream is opened first and the client answered only once the agent has fixed where the stream starts,
 * so {@code docker run}, which attaches before it starts, sees the output from the very first line.
 * Stdin is not yet carried: containers get /dev/null, and bytes the client sends are dropped.
 */
public final class ContainerAttachRoute {
    private final ContainerStore store;
    private final NodeStreams streams;

    public ContainerAttachRoute(ContainerStore store, NodeStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    public Future<Void> handle(Exchange ex) {
        return store.find(ex.param(0)).compose(r -> streams.open(r, "attach", ex.request().query()).compose(up -> {
            String head = Hijack.wanted(ex.request())
                    ? Hijack.upgraded(StreamMedia.of(ex.version(), ContainerLogsRoute.tty(r)))
                    : Hijack.plain();
            return Hijack.take(ex.request(), head)
                    .onFailure(e -> up.request().reset())
                    .compose(socket -> {
                        socket.handler(stdin -> { });
                        socket.closeHandler(v -> up.request().reset());
                        // from here on the connection is no longer HTTP: nothing may answer with a status
                        up.response().pipeTo(socket).onComplete(ar -> close(socket));
                        return Future.<Void>succeededFuture();
                    });
        }));
    }

    private static void close(NetSocket socket) {
        socket.close();
    }
}
