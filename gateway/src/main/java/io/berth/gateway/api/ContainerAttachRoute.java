package io.berth.gateway.api;

import io.berth.gateway.metrics.GatewayMeters;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.stream.NodeStreams;
import io.berth.gateway.stream.StreamMedia;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
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
    private final GatewayMeters meters;

    public ContainerAttachRoute(ContainerStore store, NodeStreams streams, GatewayMeters meters) {
        this.meters = meters;
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/attach", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        return store.find(ex.param("id")).compose(r -> streams.open(r, "attach", ex.request().query()).compose(up -> {
            String head = Hijack.wanted(ex.request())
                    ? Hijack.upgraded(StreamMedia.of(ex.version(), ContainerLogsRoute.tty(r)))
                    : Hijack.plain();
            return Hijack.take(ex.request(), head)
                    .onFailure(e -> up.request().reset())
                    .compose(socket -> {
                        if (takesStdin(ex, r)) {
                            relayStdin(ex, r, socket);
                        } else {
                            socket.handler(stdin -> { });
                        }
                        socket.closeHandler(v -> up.request().reset());
                        // from here on the connection is no longer HTTP: nothing may answer with a status
                        meters.track("attach", up.response().pipeTo(socket)).onComplete(ar -> close(socket));
                        return Future.<Void>succeededFuture();
                    });
        }));
    }

    private static boolean takesStdin(Exchange ex, ContainerRecord r) {
        return ex.flag("stdin") && r.spec() != null && r.spec().openStdin();
    }

    /**
     * Streams the socket's input to the agent and ends it at the client's half-close or
     * close. Both ends arrive in the data stream, behind the last bytes (the half-close as the empty buffer of
     * {@link Hijack#inputEndInBand}, the close as the socket's end), so the first pause loses
     * nothing. Bytes that arrive before the agent's request is open wait in the paused socket.
     */
    private void relayStdin(Exchange ex, ContainerRecord r, NetSocket socket) {
        boolean closeAtEnd = stdinOnce(r) && !ContainerLogsRoute.tty(r);
        socket.pause();
        Hijack.inputEndInBand(ex.request());
        streams.input(r, "stdin", closeAtEnd ? "close=1" : null).onSuccess(req -> {
            AtomicBoolean ended = new AtomicBoolean();
            Runnable end = () -> {
                if (ended.compareAndSet(false, true)) {
                    req.end();
                }
            };
            // no pause for backpressure here: the agent writes one chunk at a time and holds the connection back,
            // and a paused hijacked socket proved able to miss the upstream's drain (a stall); what waits is
            // queued in the upstream request
            socket.handler(bytes -> {
                if (bytes.length() == 0) {
                    end.run();
                } else if (!ended.get()) {
                    req.write(bytes);
                }
            });
            socket.endHandler(v -> end.run());
            socket.resume();
        }).onFailure(e -> {
            socket.handler(stdin -> { });
            socket.resume();
        });
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
