package io.berth.agent.lifecycle;

import io.berth.events.spec.Signals;
import io.berth.events.command.RemoveContainer;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * rm: refuse a running container unless forced; when forced SIGKILL it and wait until its died event is out;
 * then release, delete the container directory and the record, announce {@code removed}. Idempotent.
 */
final class RemoveVerb {
    static final long EXIT_WAIT_SECONDS = 30;

    private final Node node;

    RemoveVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, RemoveContainer command) throws CommandRefused {
        String id = command.containerId();
        Optional<ContainerRecord> record = node.record(id);
        String name = record.map(ContainerRecord::name).orElse(id);
        Transitions.canRemove(name, node.phase(id), command.force());
        Optional<Tracked> tracked = node.table().get(id);
        if (tracked.isPresent()) {
            Tracked t = tracked.get();
            if (!t.exited()) {
                t.blame(envelope.id());
                node.runtime().signal(t.process(), Signals.SIGKILL);
                Thaw.ifPaused(node, id);
            }
            awaitSettled(t);
        }
        node.runtime().release(id, node.disk().dir(id));
        try {
            node.disk().discard(id);
            node.runtime().removed(id);
        } catch (IOException e) {
            throw new CommandRefused(500, "container " + id + ": cannot delete " + node.disk().dir(id) + ": "
                    + e.getMessage(), e);
        }
        node.releaseAddress(id);
        node.records().remove(id);
        // the record is gone now: the destroy event carries the name and image it had
        node.events().emit(new ContainerRemoved(id, node.nodeId()), envelope.id(),
                record.map(ContainerActor::of).orElse(null));
    }

    private static void awaitSettled(Tracked tracked) throws CommandRefused {
        try {
            tracked.settled().get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new CommandRefused(500, "container " + tracked.id() + " did not exit after SIGKILL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandRefused(500, "interrupted while removing container " + tracked.id(), e);
        }
    }
}
