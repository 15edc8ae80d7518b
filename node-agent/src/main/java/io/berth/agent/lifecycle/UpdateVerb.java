package io.berth.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.cgroup.DeviceUnavailable;
import io.berth.events.Json;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.ContainerUpdated;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * update: the new limits go into the live cgroup first (a running or paused container), then into the record,
 * which the next start reads; the record's create body gets the fields set, so {@code docker inspect} shows them.
 */
final class UpdateVerb {
    private final Node node;

    UpdateVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, UpdateContainer command) throws CommandRefused {
        String id = command.containerId();
        ContainerRecord record = node.record(id)
                .orElseThrow(() -> new CommandRefused(404, "No such container: " + id));
        try {
            node.runtime().update(id, record.spec().resources(), command.resources());
        } catch (DeviceUnavailable e) {
            throw new CommandRefused(400, "Cannot update container " + id + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // dockerd's words, e.g. a memory limit under what the container uses: the kernel's EBUSY
            throw new CommandRefused(500, "Cannot update container " + id + ": " + e.getMessage(), e);
        }
        JsonCas.update(node.records(), id, ContainerRecord.class, r -> r.updated(
                r.spec().toBuilder().resources(command.resources()).restartPolicy(command.restartPolicy()).build(),
                merged(r.request(), command.hostConfig())));
        node.events().emit(new ContainerUpdated(id, node.nodeId()), envelope.id());
    }

    /** The create body with {@code HostConfig}'s fields replaced by those the update set. */
    static String merged(String request, String hostConfig) {
        ObjectNode body = request == null || request.isEmpty() ? Json.MAPPER.createObjectNode()
                : Json.read(request, JsonNode.class) instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        JsonNode host = body.get("HostConfig");
        ObjectNode target = host instanceof ObjectNode o ? o : body.putObject("HostConfig");
        if (hostConfig != null && !hostConfig.isEmpty()) {
            Iterator<Map.Entry<String, JsonNode>> fields = Json.read(hostConfig, JsonNode.class).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                target.set(f.getKey(), f.getValue());
            }
        }
        return Json.write(body);
    }
}
