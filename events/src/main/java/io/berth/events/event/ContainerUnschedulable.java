package io.berth.events.event;

/** No node can take the container; {@code reason} says why, for the user. */
public record ContainerUnschedulable(String containerId, String reason) implements ContainerEvent {
}
