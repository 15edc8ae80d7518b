package io.berth.gateway.exec;

import com.hazelcast.core.HazelcastInstance;
import io.berth.events.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Optional;

/**
 * Exec instances in the Hazelcast map {@code execs}: exec id → {@link ExecInstance} as JSON. Only the gateway that
 * runs an exec writes it, so plain puts suffice. Blocking calls run on workers.
 */
public final class ExecStore {
    public static final String MAP = "execs";
    private final Vertx vertx;
    private final Map<String, String> execs;

    public ExecStore(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.execs = hazelcast.getMap(MAP);
    }

    public Future<Void> put(ExecInstance exec) {
        return vertx.executeBlocking(() -> {
            execs.put(exec.id(), Json.write(exec));
            return null;
        }, false);
    }

    public Future<Optional<ExecInstance>> get(String id) {
        return vertx.executeBlocking(() -> Optional.ofNullable(execs.get(id))
                .map(json -> Json.read(json, ExecInstance.class)), false);
    }
}
