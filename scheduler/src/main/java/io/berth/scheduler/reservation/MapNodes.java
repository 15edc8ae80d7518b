package io.berth.scheduler.reservation;

import io.berth.events.Json;
import io.berth.events.state.NodeRecord;

import java.util.List;
import java.util.concurrent.ConcurrentMap;

/** Node records read from the map on every call: always current, a round trip and a parse per node each time. */
public final class MapNodes implements NodeSource {
    private final ConcurrentMap<String, String> map;

    public MapNodes(ConcurrentMap<String, String> map) {
        this.map = map;
    }

    @Override
    public List<NodeRecord> nodes() {
        return map.values().stream().map(json -> Json.read(json, NodeRecord.class)).toList();
    }
}
