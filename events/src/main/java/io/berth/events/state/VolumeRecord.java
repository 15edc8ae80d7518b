package io.berth.events.state;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Map;

/**
 * A local volume as the cluster knows it (Hazelcast {@code volumes} map, mirrored to {@code volume-state}). The
 * gateway writes it unplaced (no node) at {@code volume create} or first use; the scheduler places it on the node
 * it chose for the first container that mounts it; that node's agent makes its directory and records the
 * mountpoint, and on removal deletes the directory and then the record.
 *
 * @param name       the volume's name (64 hex for an anonymous volume)
 * @param driver     always {@code local}
 * @param labels     the user's labels
 * @param createdAt  RFC 3339, when the gateway accepted it
 * @param anonymous  made for one container without a name ({@code -v /path}, image {@code VOLUME})
 * @param nodeId     the node holding its data, null until the first container using it is placed
 * @param mountpoint its directory on that node, null until the agent has made it
 * @param state      {@code ready}, or {@code removing} once removal was asked (the agent finishes it)
 * @param options    the local driver's options as the client gave them ({@code type}, {@code o}, {@code device};
 *                   read with {@link LocalDriverOptions}), empty for a plain directory
 */
public record VolumeRecord(String name, String driver, Map<String, String> labels, String createdAt,
                           boolean anonymous, String nodeId, String mountpoint, String state,
                           Map<String, String> options) {
    public static final String READY = "ready";
    public static final String REMOVING = "removing";

    public VolumeRecord {
        driver = driver == null ? "local" : driver;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        state = state == null ? READY : state;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static VolumeRecord created(String name, Map<String, String> labels, String createdAt, boolean anonymous) {
        return new VolumeRecord(name, "local", labels, createdAt, anonymous, null, null, READY, Map.of());
    }

    public VolumeRecord withOptions(Map<String, String> driverOptions) {
        return new VolumeRecord(name, driver, labels, createdAt, anonymous, nodeId, mountpoint, state, driverOptions);
    }

    public VolumeRecord placedOn(String node) {
        return new VolumeRecord(name, driver, labels, createdAt, anonymous, node, mountpoint, state, options);
    }

    public VolumeRecord madeAt(String path) {
        return new VolumeRecord(name, driver, labels, createdAt, anonymous, nodeId, path, state, options);
    }

    public VolumeRecord removing() {
        return new VolumeRecord(name, driver, labels, createdAt, anonymous, nodeId, mountpoint, REMOVING, options);
    }

    @JsonIgnore
    public boolean isRemoving() {
        return REMOVING.equals(state);
    }
}
