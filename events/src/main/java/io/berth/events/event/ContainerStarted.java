package io.berth.events.event;

/** The container's process runs as host pid {@code pid}. */
public record ContainerStarted(String containerId, String nodeId, long pid) implements ContainerEvent {
}
