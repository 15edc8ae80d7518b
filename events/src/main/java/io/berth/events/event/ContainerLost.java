package io.berth.events.event;

/**
 * The scheduler gave up on the container's node (heartbeats missed past the grace, or drained): whatever ran
 * there is no longer known to run. The record says {@code exited} with code 255 and the reason as its error.
 */
public record ContainerLost(String containerId, String nodeId, String reason) implements ContainerEvent {
}
