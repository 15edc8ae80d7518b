package io.berth.events.event;

/** Every process of the container is frozen. */
public record ContainerPaused(String containerId, String nodeId) implements ContainerEvent {
}
