package io.berth.scheduler.placement;

import java.util.Map;

/** A container already placed, as affinity rules see it: its id, name, node and labels. */
public record Resident(String id, String name, String nodeId, Map<String, String> labels) {
    public Resident {
        labels = labels == null ? Map.of() : labels;
    }
}
