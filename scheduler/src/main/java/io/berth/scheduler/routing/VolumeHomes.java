package io.berth.scheduler.routing;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.MountSpec;
import io.berth.events.state.JsonCas;
import io.berth.events.state.VolumeRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * The {@code volumes} map as placement needs it: which node holds each volume a container mounts, and, once the
 * container is placed, its unplaced volumes claimed for that node.
 */
public final class VolumeHomes {
    private static final Logger LOG = Logger.getLogger(VolumeHomes.class.getName());
    private final ConcurrentMap<String, String> volumes;

    public VolumeHomes(ConcurrentMap<String, String> volumes) {
        this.volumes = volumes;
    }

    /** Volume name → node id, for every volume of {@code spec} already placed. */
    public Map<String, String> of(ContainerSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MountSpec m : spec.mounts()) {
            if ("volume".equals(m.type())) {
                JsonCas.get(volumes, m.name(), VolumeRecord.class)
                        .filter(v -> v.nodeId() != null)
                        .ifPresent(v -> out.put(m.name(), v.nodeId()));
            }
        }
        return out;
    }

    /** Places every still unplaced volume of {@code spec} on {@code nodeId}, where its container now runs. */
    public void claim(ContainerSpec spec, String nodeId) {
        for (MountSpec m : spec.mounts()) {
            if (!"volume".equals(m.type())) {
                continue;
            }
            JsonCas.update(volumes, m.name(), VolumeRecord.class, v -> v.nodeId() == null ? v.placedOn(nodeId) : null)
                    .or(() -> JsonCas.get(volumes, m.name(), VolumeRecord.class))
                    .filter(v -> !nodeId.equals(v.nodeId()))
                    .ifPresent(v -> LOG.warning("volume " + m.name() + " is on node " + v.nodeId()
                            + ", not on node " + nodeId + " where a container using it was placed"));
        }
    }
}
