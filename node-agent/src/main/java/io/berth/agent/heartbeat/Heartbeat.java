package io.berth.agent.heartbeat;

import io.berth.events.Json;
import io.berth.events.state.Capacity;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;

import java.time.Clock;
import java.util.concurrent.ConcurrentMap;

/**
 * One heartbeat into the {@code nodes} map: registers the node the first time, later refreshes only what the
 * agent owns ({@link NodeRecord#heartbeat}) by compare-and-set, so the scheduler's {@code allocated} survives.
 * Blocking (Hazelcast): call it from a worker.
 */
public final class Heartbeat {
    private final String nodeId;
    private final NodeFacts facts;
    private final ConcurrentMap<String, String> nodes;
    private final Clock clock;

    public Heartbeat(String nodeId, NodeFacts facts, ConcurrentMap<String, String> nodes, Clock clock) {
        this.nodeId = nodeId;
        this.facts = facts;
        this.nodes = nodes;
        this.clock = clock;
    }

    public void beat() {
        long now = clock.millis();
        NodeRecord fresh = new NodeRecord(nodeId, facts.address(), facts.capacity(), Capacity.ZERO, facts.labels(),
                now, NodeState.READY, facts.cgroupVersion(), facts.kernelVersion());
        if (nodes.putIfAbsent(nodeId, Json.write(fresh)) == null) {
            return;
        }
        JsonCas.update(nodes, nodeId, NodeRecord.class, r -> r.heartbeat(facts.address(), facts.capacity(),
                facts.labels(), now, facts.cgroupVersion(), facts.kernelVersion()));
    }
}
