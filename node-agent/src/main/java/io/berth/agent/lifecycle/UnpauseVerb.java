package io.berth.agent.lifecycle;

import io.berth.events.command.UnpauseContainer;
import io.berth.events.event.ContainerUnpaused;
import io.berth.events.wire.Envelope;

/** unpause: thaw the container's cgroup, record {@code running} again, announce it. */
final class UnpauseVerb {
    private final Node node;

    UnpauseVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, UnpauseContainer command) throws CommandRefused {
        String id = command.containerId();
        Transitions.canUnpause(id, node.phase(id));
        Thaw.ifPaused(node, id);
        node.events().emit(new ContainerUnpaused(id, node.nodeId()), envelope.id());
    }
}
