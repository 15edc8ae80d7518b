package io.berth.events.event;

/** The container's limits and restart policy were changed ({@code docker update}); its record holds them. */
public record ContainerUpdated(String containerId, String nodeId) implements ContainerEvent {
}
