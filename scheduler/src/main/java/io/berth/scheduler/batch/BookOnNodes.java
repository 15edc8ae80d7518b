package io.berth.scheduler.batch;

import com.hazelcast.map.EntryProcessor;
import io.berth.events.Json;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.placement.Placer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Books a batch's requests on each node's record where that record lives ({@code IMap.executeOnKeys} on the
 * {@code nodes} map): one call for the whole batch instead of a read and a compare-and-set per container, and no
 * lost race to retry, since the check and the write are one step on the key's partition. See {@link NodeBooking}.
 */
public final class BookOnNodes implements EntryProcessor<String, String, BookOnNodes.Result> {
    private final Map<String, List<Want>> perNode;
    private final long nowMillis;
    private final long nodeTtlMillis;

    public BookOnNodes(Map<String, List<Want>> perNode, long nowMillis, long nodeTtlMillis) {
        this.perNode = new HashMap<>(perNode);
        this.nowMillis = nowMillis;
        this.nodeTtlMillis = nodeTtlMillis;
    }

    /** The node's record after the booking (null: no such node), the refused requests and why, the booked ones. */
    public record Result(String nodeJson, Map<String, String> refused, List<String> accepted) implements Serializable {
    }

    @Override
    public Result process(Map.Entry<String, String> entry) {
        List<Want> wants = perNode.getOrDefault(entry.getKey(), List.of());
        if (entry.getValue() == null) {
            Map<String, String> gone = new HashMap<>();
            wants.forEach(w -> gone.put(w.containerId(), "node " + entry.getKey() + " left the cluster"));
            return new Result(null, gone, List.of());
        }
        NodeRecord node = Json.read(entry.getValue(), NodeRecord.class);
        NodeBooking.Booked booked = NodeBooking.book(node, wants.stream().map(Want::request).toList(),
                new Placer(nodeTtlMillis), nowMillis);
        String json = entry.getValue();
        if (!booked.node().equals(node)) {
            json = Json.write(booked.node());
            entry.setValue(json);
        }
        return new Result(json, new HashMap<>(booked.refused()), new ArrayList<>(booked.accepted()));
    }
}
