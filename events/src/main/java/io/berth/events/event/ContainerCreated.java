package io.berth.events.event;

/** The node prepared the container (layers present, root filesystem laid out). */
public record ContainerCreated(String containerId, String nodeId) implements ContainerEvent {
}
