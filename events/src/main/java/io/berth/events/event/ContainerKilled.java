package io.berth.events.event;

/** A signal was delivered to the container's init. */
public record ContainerKilled(String containerId, String nodeId, String signal) implements ContainerEvent {
}
