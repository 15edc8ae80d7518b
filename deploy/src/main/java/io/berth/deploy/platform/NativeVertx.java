package io.berth.deploy.platform;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Makes the Vert.x instance every service shares, on epoll: the gateway's Unix socket needs the native transport. */
public final class NativeVertx {

    public static Vertx create() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        if (!vertx.isNativeTransportEnabled()) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            vertx.close();
            throw new IllegalStateException("Vert.x native transport (netty epoll) is unavailable, so the API cannot "
                    + "listen on a Unix socket: " + (cause == null ? "unknown reason" : cause), cause);
        }
        return vertx;
    }

    private NativeVertx() {
    }
}
