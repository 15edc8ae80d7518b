package io.berth.agent.lifecycle;

import io.berth.events.ContainerState;
import io.berth.events.command.PauseContainer;
import io.berth.events.event.ContainerPaused;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;

/** pause: freeze the container's cgroup, record {@code paused}, announce it. */
final class PauseVerb {
    private final Node node;

    PauseVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, PauseContainer command) throws CommandRefused {
        String id = command.containerId();
        Transitions.canPause(id, node.phase(id));
        node.runtime().freeze(id);
        // only over "running": an exit recorded meanwhile must not be overwritten
        JsonCas.update(node.records(), id, ContainerRecord.class,
                r -> r.status() == ContainerState.RUNNING ? r.withStatus(ContainerState.PAUSED) : null);
        node.events().emit(new ContainerPaused(id, node.nodeId()), envelope.id());
    }
}
