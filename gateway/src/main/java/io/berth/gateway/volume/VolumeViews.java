package io.berth.gateway.volume;

import io.berth.events.state.VolumeRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/** A volume as dockerd shows it ({@code volume inspect}, {@code volume ls}), plus the node that holds it. */
public final class VolumeViews {

    public static Map<String, Object> of(VolumeRecord v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CreatedAt", v.createdAt());
        out.put("Driver", v.driver());
        out.put("Labels", v.labels().isEmpty() ? null : v.labels());
        out.put("Mountpoint", v.mountpoint() == null ? "" : v.mountpoint());
        out.put("Name", v.name());
        out.put("Options", v.options().isEmpty() ? null : new java.util.TreeMap<>(v.options()));
        out.put("Scope", "local");
        // Berth's own: the node holding the data (empty until a container has used it)
        out.put("Node", v.nodeId() == null ? "" : v.nodeId());
        return out;
    }

    private VolumeViews() {
    }
}
