package io.berth.agent;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The node agent service: heartbeats, consumes its node's commands, runs containers, reports facts. */
public final class NodeAgent {
    public NodeAgent(Vertx vertx, AgentConfig config, HazelcastInstance hazelcast) {
    }

    /** Completes once the agent has registered its node and consumes commands. */
    public Future<Void> start() {
        return Future.failedFuture("not built yet");
    }

    /** Stops consuming; running containers keep running under their monitors. */
    public Future<Void> stop() {
        return Future.succeededFuture();
    }
}
