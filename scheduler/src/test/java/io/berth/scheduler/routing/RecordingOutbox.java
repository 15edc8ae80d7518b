package io.berth.scheduler.routing;

import io.berth.events.wire.Envelope;

import java.util.ArrayList;
import java.util.List;

/** Test fake: keeps what was sent, in order, with its topic and key. */
final class RecordingOutbox implements Outbox {
    record Sent(String topic, String key, Envelope envelope) {
    }

    final List<Sent> sent = new ArrayList<>();

    @Override
    public void emit(Envelope event) {
        sent.add(new Sent("container-events", event.subject(), event));
    }

    @Override
    public void forward(String nodeId, Envelope command) {
        sent.add(new Sent("node-commands", nodeId, command));
    }
}
