package io.berth.events.event;

/** The container's processes run again. */
public record ContainerUnpaused(String containerId, String nodeId) implements ContainerEvent {
}
