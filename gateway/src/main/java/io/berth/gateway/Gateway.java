package io.berth.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The gateway service: the Docker Engine API subset, publishing commands and answering from state and events. */
public final class Gateway {
    public Gateway(Vertx vertx, GatewayConfig config, HazelcastInstance hazelcast) {
    }

    /** Completes once the API answers on every configured address. */
    public Future<Void> start() {
        return Future.failedFuture("not built yet");
    }

    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
