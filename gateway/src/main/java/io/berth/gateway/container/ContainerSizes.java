package io.berth.gateway.container;

import io.berth.events.state.ContainerRecord;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code docker ps -s}: each container's node measures its writable layer when asked. Measured on request,
 * not kept up to date, because only {@code size=1} needs it and dockerd also walks the layer per request.
 * A node that cannot answer leaves that container's sizes at 0 rather than failing the whole list.
 */
public final class ContainerSizes {
    private final NodeStreams streams;

    public ContainerSizes(NodeStreams streams) {
        this.streams = streams;
    }

    /** Puts SizeRw and SizeRootFs into each list item (matched to its record by Id); completes when all are in. */
    public Future<List<Map<String, Object>>> fill(List<ContainerRecord> records, List<Map<String, Object>> items) {
        Map<String, ContainerRecord> byId = records.stream()
                .collect(Collectors.toMap(ContainerRecord::id, r -> r, (a, b) -> a));
        List<Future<Void>> asks = new ArrayList<>();
        for (Map<String, Object> item : items) {
            ContainerRecord r = byId.get(String.valueOf(item.get("Id")));
            if (r != null) {
                asks.add(streams.json(r, "size").map(json -> {
                    item.put("SizeRw", json.getLong("SizeRw", 0L));
                    item.put("SizeRootFs", json.getLong("SizeRootFs", 0L));
                    return (Void) null;
                }).otherwise((Void) null));
            }
        }
        return Future.join(asks).map(items).otherwise(items);
    }

}
