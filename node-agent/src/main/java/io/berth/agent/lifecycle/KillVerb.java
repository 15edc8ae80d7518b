package io.berth.agent.lifecycle;

import io.berth.events.spec.Signals;
import io.berth.events.command.KillContainer;
import io.berth.events.event.ContainerKilled;
import io.berth.events.wire.Envelope;

/** kill: deliver one signal (SIGKILL by default) and announce {@code killed} with its number, as Docker does. */
final class KillVerb {
    private final Node node;

    KillVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, KillContainer command) throws CommandRefused {
        String id = command.containerId();
        Transitions.canKill(id, node.phase(id));
        Tracked tracked = node.table().running(id).orElseThrow();
        int signal;
        try {
            signal = Signals.parse(command.signal(), Signals.SIGKILL);
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(400, e.getMessage());
        }
        tracked.blame(envelope.id());
        node.runtime().signal(tracked.process(), signal);
        Thaw.ifPaused(node, id);
        node.events().emit(new ContainerKilled(id, node.nodeId(), Integer.toString(signal)), envelope.id());
    }
}
