package io.berth.agent.lifecycle;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

/**
 * Thaws a paused container and records it running. Stop, kill and forced remove call it right after their
 * signal, as runc and dockerd do: on cgroup v1 a frozen task cannot act on a signal, not even SIGKILL,
 * until it is thawed.
 */
final class Thaw {

    static void ifPaused(Node node, String id) {
        boolean paused = node.record(id).map(r -> r.status() == ContainerState.PAUSED).orElse(false);
        if (!paused) {
            return;
        }
        node.runtime().thaw(id);
        JsonCas.update(node.records(), id, ContainerRecord.class,
                r -> r.status() == ContainerState.PAUSED ? r.withStatus(ContainerState.RUNNING) : null);
    }

    private Thaw() {
    }
}
