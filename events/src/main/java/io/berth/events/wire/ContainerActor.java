package io.berth.events.wire;

import io.berth.events.state.ContainerRecord;

import java.util.Map;

/**
 * Who an event is about, as its emitter knew it at that moment: the container's name (no slash), the image as
 * the user typed it, and its labels. It travels with the event, so a reader long after the record is gone
 * ({@code docker events --since} of a removed container) still names it as Docker does.
 */
public record ContainerActor(String name, String image, Map<String, String> labels) {

    public ContainerActor {
        name = name == null ? "" : name;
        image = image == null ? "" : image;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The actor of a known container. */
    public static ContainerActor of(ContainerRecord record) {
        return new ContainerActor(record.name(), record.spec().image(), record.spec().labels());
    }
}
