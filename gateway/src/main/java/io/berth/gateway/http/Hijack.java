package io.berth.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;

/**
 * Takes the connection of a request away from HTTP, as dockerd's hijack does: writes a status head of our
 * own bytes, after which the socket is a raw pipe. Vert.x 5.0.7's {@code toNetSocket()} upgrades only CONNECT
 * and GET ({@code HttpUtils.isConnectOrUpgrade}) and Docker sends POST, so this goes one level down, to the
 * public {@code Http1xServerConnection.netSocket()} that {@code toNetSocket()} itself ends in: it flushes,
 * removes the HTTP codecs from the Netty pipeline and wraps the channel as a {@link NetSocket}. This is the
 * only class that touches Vert.x internals; re-check it whenever the Vert.x version changes. Once the client has
 * half-closed, {@link Hangups} watches for its close, which Netty's epoll loop would otherwise spin on.
 */
public final class Hijack {
    /** dockerd's upgrade answer, byte for byte; the CLI requires the 101. */
    public static String upgraded(String contentType) {
        return "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    }

    /** dockerd's answer to a client that asked for no upgrade (docker-java): a 200 whose body ends with the close. */
    public static String plain() {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";
    }

    /** Whether the client asked to upgrade ({@code Upgrade: tcp}). */
    public static boolean wanted(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("tcp");
    }

    /** Writes {@code head} raw and hands over the socket; fails if the response has started or it is not HTTP/1.x. */
    public static Future<NetSocket> take(HttpServerRequest request, String head) {
        HttpConnection connection = request.connection();
        if (!(connection instanceof Http1xServerConnection http1) || request.response().headWritten()) {
            return Future.failedFuture(new IllegalStateException("cannot hijack " + request.path()
                    + ": needs an HTTP/1.x request whose response has not started"));
        }
        // the CLI half-closes its side at once when it has no stdin to send (CloseWrite); by default Netty
        // would take that FIN for a close and drop the output still to come
        http1.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        // Vert.x's NetSocket does not report that half-close; this handler remembers it for whenInputShut
        http1.channel().pipeline().addFirst(InputShutdown.NAME, new InputShutdown());
        return http1.netSocket().compose(socket -> socket.write(Buffer.buffer(head.getBytes(StandardCharsets.US_ASCII)))
                .map(v -> socket));
    }

    /**
     * Runs {@code action} once the client has half-closed its side of a hijacked connection (stdin EOF), at
     * once if it already has. Needs a connection {@link #take} has hijacked.
     */
    public static void whenInputShut(HttpServerRequest request, Runnable action) {
        if (request.connection() instanceof Http1xServerConnection http1
                && http1.channel().pipeline().get(InputShutdown.NAME) instanceof InputShutdown shutdown) {
            Context context = Vertx.currentContext();
            shutdown.then(() -> {
                if (context != null) {
                    context.runOnContext(v -> action.run());
                } else {
                    action.run();
                }
            });
        }
    }

    /**
     * Makes the client's half-close (stdin EOF) arrive in the socket's own data stream as one empty buffer
     * after its last bytes. Unlike {@link #whenInputShut}, whose event overtakes bytes the socket holds while
     * paused, this keeps the order, so a relay that pauses for backpressure cuts nothing off. The client never
     * sends an empty buffer itself (a TCP read is never empty). Needs a connection {@link #take} has hijacked.
     */
    public static void inputEndInBand(HttpServerRequest request) {
        if (request.connection() instanceof Http1xServerConnection http1) {
            ChannelHandlerContext ctx = http1.channel().pipeline().context(InputShutdown.NAME);
            if (ctx != null && ctx.handler() instanceof InputShutdown shutdown) {
                http1.channel().eventLoop().execute(() -> shutdown.inBand(ctx));
            }
        }
    }

    /** Netty handler that notes the client's FIN (ChannelInputShutdownEvent) and passes every event on. */
    private static final class InputShutdown extends ChannelInboundHandlerAdapter {
        static final String NAME = "berth-input-shutdown";
        private boolean shut;
        private boolean inBand;
        private Runnable action;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ChannelInputShutdownEvent) {
                // from here on Netty no longer notices the client's close: Hangups does
                Hangups.shared().watch(ctx.channel());
                if (inBand && !shut) {
                    ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
                }
                fire();
            }
            super.userEventTriggered(ctx, evt);
        }

        /** On the event loop, so the marker queues behind every byte already read. */
        void inBand(ChannelHandlerContext ctx) {
            // both run on the channel's event loop, so shut and inBand need no lock between them
            inBand = true;
            if (shut) {
                ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
            }
        }

        synchronized void then(Runnable next) {
            action = next;
            if (shut) {
                fire();
            }
        }

        private synchronized void fire() {
            shut = true;
            if (action != null) {
                Runnable run = action;
                action = null;
                run.run();
            }
        }
    }

    private Hijack() {
    }
}
