package io.berth.events.event;

/** The container and everything it held on its node are gone. */
public record ContainerRemoved(String containerId, String nodeId) implements ContainerEvent {
}
