package io.berth.agent.lifecycle;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every verb works with on this node: its id, runtime, disk, the cluster's container records, the
 * processes it watches, where facts go, a timer for delayed kills and the clock.
 */
public record Node(String nodeId, ContainerRuntime runtime, ContainerDisk disk, ConcurrentMap<String, String> records,
                   ContainerTable table, ExitWatch exits, EventSink events, ScheduledExecutorService timers,
                   Clock clock) {

    Optional<ContainerRecord> record(String id) {
        return JsonCas.get(records, id, ContainerRecord.class);
    }

    Phase phase(String id) {
        return Phase.of(record(id), table.running(id).isPresent());
    }
}
