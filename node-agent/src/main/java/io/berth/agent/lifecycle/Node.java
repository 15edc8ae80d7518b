package io.berth.agent.lifecycle;

import io.berth.agent.net.ContainerNetworks;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every verb works with on this node: its id, runtime, disk, the cluster's container records, the
 * processes it watches, where facts go, a timer for delayed kills, the clock, and its containers' networks
 * (null: every container gets a new, empty network namespace, as the unit tests' fake runtime needs).
 */
public record Node(String nodeId, ContainerRuntime runtime, ContainerDisk disk, ConcurrentMap<String, String> records,
                   ContainerTable table, ExitWatch exits, EventSink events, ScheduledExecutorService timers,
                   Clock clock, ContainerNetworks networks) {

    public Node(String nodeId, ContainerRuntime runtime, ContainerDisk disk, ConcurrentMap<String, String> records,
                ContainerTable table, ExitWatch exits, EventSink events, ScheduledExecutorService timers, Clock clock) {
        this(nodeId, runtime, disk, records, table, exits, events, timers, clock, null);
    }

    /** Gives a removed or moved container's address back; no-op without networks. */
    void releaseAddress(String id) {
        if (networks != null) {
            networks.release(id);
        }
    }

    Optional<ContainerRecord> record(String id) {
        return JsonCas.get(records, id, ContainerRecord.class);
    }

    Phase phase(String id) {
        return Phase.of(record(id), table.running(id).isPresent());
    }
}
