package io.berth.events;

import java.util.List;

/** Kafka topic names: the one place every service learns them from. */
public final class Topics {
    /** Lifecycle requests from the gateway; key = container id, so one container's commands keep their order. */
    public static final String CONTAINER_COMMANDS = "container-commands";
    /** Commands routed by the scheduler to one node; key = node id. */
    public static final String NODE_COMMANDS = "node-commands";
    /** The public stream of facts about containers; key = container id. */
    public static final String CONTAINER_EVENTS = "container-events";
    /** Compacted: the latest record per container, a tombstone on removal. */
    public static final String CONTAINER_STATE = "container-state";
    /** Compacted: the latest record per volume, a tombstone on removal. */
    public static final String VOLUME_STATE = "volume-state";
    /** Facts about images; key = repository. */
    public static final String IMAGE_EVENTS = "image-events";

    /** Every topic, with whether it is compacted, for whoever creates them. */
    public static final List<String> ALL = List.of(
            CONTAINER_COMMANDS, NODE_COMMANDS, CONTAINER_EVENTS, CONTAINER_STATE, VOLUME_STATE, IMAGE_EVENTS);

    public static boolean compacted(String topic) {
        return CONTAINER_STATE.equals(topic) || VOLUME_STATE.equals(topic);
    }

    private Topics() {
    }
}
