package io.berth.agent.lifecycle;

import io.berth.agent.layer.LayerFailure;
import io.berth.events.command.CreateContainer;
import io.berth.events.event.ContainerCreated;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;

/** create: pull missing layers, lay out the container directory, announce {@code created}. Idempotent. */
final class CreateVerb {
    private final Node node;

    CreateVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, CreateContainer command) throws CommandRefused {
        String id = command.containerId();
        try {
            node.disk().prepare(id, command.spec());
        } catch (LayerFailure e) {
            JsonCas.update(node.records(), id, ContainerRecord.class, r -> r.withError(e.getMessage()));
            throw new CommandRefused(500, e.getMessage(), e);
        }
        node.events().emit(new ContainerCreated(id, node.nodeId()), envelope.id());
    }
}
