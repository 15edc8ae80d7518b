package io.berth.scheduler;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The scheduler service: consumes container commands, places creates, routes the rest to nodes. */
public final class Scheduler {
    public Scheduler(Vertx vertx, SchedulerConfig config, HazelcastInstance hazelcast) {
    }

    public Future<Void> start() {
        return Future.failedFuture("not built yet");
    }

    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
