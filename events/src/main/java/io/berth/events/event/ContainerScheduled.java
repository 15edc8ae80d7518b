package io.berth.events.event;

/** The scheduler placed the container on {@code nodeId} and reserved its resources there. */
public record ContainerScheduled(String containerId, String nodeId) implements ContainerEvent {
}
