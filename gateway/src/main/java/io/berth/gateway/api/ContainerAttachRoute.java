package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.stream.NodeStreams;
import io.berth.gateway.stream.StreamMedia;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /containers/{id}/attach}: hijacks the connection (101 with {@code Upgrade: tcp}, else dockerd's
 * plain 200) and pipes the node agent's attach stream down it until the process exits, then closes. The
 * upstream is opened first and the client answered only once the agent has fixed where the stream starts,
 * so {@code docker run}, which attaches before it starts, sees the output from the very first line.
 * With {@code stdin=1} on a container created with {@code OpenStdin}, what the client sends goes up to the
 * agent's stdin route; the client's half-close or close ends it, and with {@code StdinOnce} and no terminal
 * that closes the container's stdin (Docker's rule), else it only detaches. Other containers' stdin is dropped.
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
                        Runnable endStdin = takesStdin(ex, r) ? relayStdin(ex, r, socket) : () -> { };
                        if (!takesStdin(ex, r)) {
                            socket.handler(stdin -> { });
                        }
                        socket.closeHandler(v -> {
                            up.request().reset();
                            endStdin.run();
                        });
                        // from here on the connection is no longer HTTP: nothing may answer with a status
                        up.response().pipeTo(socket).onComplete(ar -> close(socket));
                        return Future.<Void>succeededFuture();
                    });
        }));
    }

    private static boolean takesStdin(Exchange ex, ContainerRecord r) {
        return ex.flag("stdin") && r.spec() != null && r.spec().openStdin();
    }

    /**
     * Streams the socket's input to the agent, with backpressure; returns what ends it (also run at the
     * client's half-close). Bytes that arrive before the agent's request is open wait in the paused socket.
     */
    private Runnable relayStdin(Exchange ex, ContainerRecord r, NetSocket socket) {
        boolean closeAtEnd = stdinOnce(r) && !ContainerLogsRoute.tty(r);
        AtomicBoolean ended = new AtomicBoolean();
        HttpClientRequest[] upstream = new HttpClientRequest[1];
        Runnable end = () -> {
            if (upstream[0] != null && ended.compareAndSet(false, true)) {
                upstream[0].end();
            }
        };
        socket.pause();
        streams.input(r, "stdin", closeAtEnd ? "close=1" : null).onSuccess(req -> {
            upstream[0] = req;
            socket.handler(bytes -> {
                req.write(bytes);
                if (req.writeQueueFull()) {
                    socket.pause();
                    req.drainHandler(v -> socket.resume());
                }
            });
            socket.resume();
            // queued on the context behind the bytes resume() releases, so none of them is cut off
            Hijack.whenInputShut(ex.request(), end);
        }).onFailure(e -> {
            socket.handler(stdin -> { });
            socket.resume();
        });
        return end;
    }

    /** {@code StdinOnce} of the create body as sent (the CLI sets it for {@code run -i} in the foreground). */
    private static boolean stdinOnce(ContainerRecord r) {
        if (r.request() == null) {
            return false;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(r.request());
            return body.path("StdinOnce").asBoolean(false);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void close(NetSocket socket) {
        socket.close();
    }
}
