package io.berth.gateway.events;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerHealthChanged;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerLost;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.event.ContainerPaused;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.event.ContainerUnpaused;
import io.berth.events.event.ContainerUpdated;
import io.berth.events.spec.Signals;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NetworkRecord;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Berth's container facts as {@code docker events} shows them: one Berth event becomes zero, one or two Docker
 * events ({@code died} with the OOM flag is Docker's {@code oom} followed by {@code die}). Pure: the name, image and
 * labels in the attributes are the envelope's actor (as the emitter knew them then), else the record's if still known.
 */
public final class DockerEvent {

    /** The Docker actions for one envelope, each as the JSON map Docker writes. */
    public static List<Map<String, Object>> of(Envelope envelope, ContainerRecord record, long timeNanos) {
        List<Map<String, Object>> out = new ArrayList<>();
        ContainerActor actor = envelope.actor() != null ? envelope.actor()
                : record != null ? ContainerActor.of(record) : null;
        Map<String, String> attributes = attributes(actor);
        Object data = envelope.data();
        if (data instanceof ContainerScheduled s) {
            out.add(event("create", s.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerStarted s) {
            out.add(event("start", s.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerDied d) {
            if (d.oomKilled()) {
                out.add(event("oom", d.containerId(), attributes, actor, timeNanos));
            }
            Map<String, String> withCode = new TreeMap<>(attributes);
            withCode.put("exitCode", Integer.toString(d.exitCode()));
            out.add(event("die", d.containerId(), withCode, actor, timeNanos));
        } else if (data instanceof ContainerLost l) {
            // Docker has no word for it: a die with the code Docker uses when it cannot know, and the reason
            Map<String, String> lost = new TreeMap<>(attributes);
            lost.put("exitCode", "255");
            lost.put("berth.lost", l.reason());
            out.add(event("die", l.containerId(), lost, actor, timeNanos));
        } else if (data instanceof ContainerKilled k) {
            Map<String, String> withSignal = new TreeMap<>(attributes);
            withSignal.put("signal", Integer.toString(signalNumber(k.signal())));
            out.add(event("kill", k.containerId(), withSignal, actor, timeNanos));
        } else if (data instanceof ContainerPaused p) {
            out.add(event("pause", p.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerUnpaused u) {
            out.add(event("unpause", u.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerUpdated u) {
            out.add(event("update", u.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerHealthChanged h) {
            out.add(event("health_status: " + h.status(), h.containerId(), attributes, actor, timeNanos));
        } else if (data instanceof ContainerNetworkChanged n) {
            out.add(networkEvent(n, timeNanos));
        } else if (data instanceof ContainerRemoved r) {
            out.add(event("destroy", r.containerId(), attributes, actor, timeNanos));
        }
        // created (the node prepared it), unschedulable and failed commands have no Docker event
        return out;
    }

    /** dockerd's network event: the network is the actor, the container an attribute. */
    private static Map<String, Object> networkEvent(ContainerNetworkChanged n, long timeNanos) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("container", n.containerId());
        attributes.put("name", n.network());
        attributes.put("type", "bridge");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Type", "network");
        e.put("Action", n.connected() ? "connect" : "disconnect");
        e.put("Actor", Map.of("ID", NetworkRecord.idOf(n.network()), "Attributes", attributes));
        e.put("scope", "local");
        e.put("time", timeNanos / 1_000_000_000L);
        e.put("timeNano", timeNanos);
        return e;
    }

    private static Map<String, String> attributes(ContainerActor actor) {
        Map<String, String> a = new TreeMap<>();
        if (actor != null) {
            a.putAll(actor.labels());
            a.put("image", actor.image());
            a.put("name", actor.name());
        }
        return a;
    }

    private static Map<String, Object> event(String action, String id, Map<String, String> attributes,
                                             ContainerActor actor, long timeNanos) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", action);
        e.put("id", id);
        if (actor != null) {
            e.put("from", actor.image());
        }
        e.put("Type", "container");
        e.put("Action", action);
        e.put("Actor", Map.of("ID", id, "Attributes", attributes));
        e.put("scope", "local");
        e.put("time", timeNanos / 1_000_000_000L);
        e.put("timeNano", timeNanos);
        return e;
    }

    /** Docker reports the signal of a kill as a number (0 for one it would not know). */
    static int signalNumber(String signal) {
        try {
            return Signals.parse(signal, Signals.SIGKILL);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private DockerEvent() {
    }
}
