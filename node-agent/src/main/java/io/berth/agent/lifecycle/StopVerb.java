package io.berth.agent.lifecycle;

import io.berth.events.spec.Signals;
import io.berth.events.command.StopContainer;
import io.berth.events.wire.Envelope;

import java.util.concurrent.TimeUnit;

/**
 * stop: deliver the stop signal, and SIGKILL after the grace period from a timer rather than by sleeping, so
 * the command thread moves on to other containers. The died event comes from the exit watch.
 */
final class StopVerb {
    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    private final Node node;

    StopVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, StopContainer command) throws CommandRefused {
        String id = command.containerId();
        Transitions.canStop(id, node.phase(id));
        Tracked tracked = node.table().running(id).orElseThrow();
        int signal;
        try {
            signal = Signals.parse(command.signal(), Signals.SIGTERM);
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(400, e.getMessage());
        }
        int timeout = command.timeoutSeconds() < 0 ? DEFAULT_TIMEOUT_SECONDS : command.timeoutSeconds();
        tracked.blame(envelope.id());
        node.runtime().signal(tracked.process(), signal);
        Thaw.ifPaused(node, id);
        if (signal == Signals.SIGKILL) {
            return;
        }
        if (timeout == 0) {
            node.runtime().signal(tracked.process(), Signals.SIGKILL);
            return;
        }
        tracked.killLater(node.timers().schedule(() -> {
            if (!tracked.exited()) {
                node.runtime().signal(tracked.process(), Signals.SIGKILL);
            }
        }, timeout, TimeUnit.SECONDS));
    }
}
