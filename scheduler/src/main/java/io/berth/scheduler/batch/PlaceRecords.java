package io.berth.scheduler.batch;

import com.hazelcast.map.EntryProcessor;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.ContainerActor;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes the chosen node into each container's record where it lives ({@code executeOnKeys} on {@code containers}):
 * one call per batch. It answers the container's {@link ContainerActor} as JSON (what the scheduled event names; a
 * few bytes, where the record with its spec and create body is kilobytes to ship and parse again). A record that
 * vanished (the gateway gave up on the create) stays absent and answers null.
 */
public final class PlaceRecords implements EntryProcessor<String, String, String> {
    private final Map<String, String> nodeOf;

    public PlaceRecords(Map<String, String> nodeOf) {
        this.nodeOf = new HashMap<>(nodeOf);
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
        if (entry.getValue() == null) {
            return null;
        }
        ContainerRecord record = Json.read(entry.getValue(), ContainerRecord.class);
        String node = nodeOf.get(entry.getKey());
        if (!node.equals(record.nodeId())) {
            entry.setValue(Json.write(record.withNode(node)));
        }
        return Json.write(ContainerActor.of(record));
    }
}
