package io.berth.scheduler.batch;

import com.hazelcast.map.EntryProcessor;
import io.berth.events.Json;
import io.berth.events.state.NodeRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Takes containers whose reservations are now written out of their node's {@code reserving} list. */
public final class RecordOnNodes implements EntryProcessor<String, String, String> {
    private final Map<String, Set<String>> perNode;

    public RecordOnNodes(Map<String, Set<String>> perNode) {
        this.perNode = new HashMap<>(perNode);
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
        if (entry.getValue() == null) {
            return null;
        }
        NodeRecord node = Json.read(entry.getValue(), NodeRecord.class);
        NodeRecord after = NodeBooking.recorded(node, perNode.getOrDefault(entry.getKey(), Set.of()));
        if (after.equals(node)) {
            return entry.getValue();
        }
        String json = Json.write(after);
        entry.setValue(json);
        return json;
    }
}
