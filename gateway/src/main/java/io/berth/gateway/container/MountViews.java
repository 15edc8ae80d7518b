package io.berth.gateway.container;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.MountSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's {@code Mounts} as dockerd shows them in inspect and {@code ps}: one object per mount. */
public final class MountViews {

    /** {@code mountpoints}: volume name → its directory on the node that holds it (absent until it is made). */
    public static List<Map<String, Object>> of(ContainerSpec spec, Map<String, String> mountpoints) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountSpec m : spec.mounts()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("Type", m.type());
            if ("volume".equals(m.type())) {
                v.put("Name", m.name());
                v.put("Source", mountpoints.getOrDefault(m.name(), ""));
            } else {
                v.put("Source", m.source());
            }
            v.put("Destination", m.target());
            if ("volume".equals(m.type())) {
                v.put("Driver", "local");
            }
            v.put("Mode", m.mode());
            v.put("RW", !m.readOnly());
            v.put("Propagation", m.propagation());
            out.add(v);
        }
        return out;
    }

    private MountViews() {
    }
}
