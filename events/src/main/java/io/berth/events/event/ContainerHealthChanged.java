package io.berth.events.event;

/** A healthcheck probe moved the container's health to {@code status} (starting, healthy, unhealthy). */
public record ContainerHealthChanged(String containerId, String nodeId, String status) implements ContainerEvent {
}
