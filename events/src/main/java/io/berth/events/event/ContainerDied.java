package io.berth.events.event;

/** The container's process exited with Docker's exit code (128 + signal when killed). */
public record ContainerDied(String containerId, String nodeId, int exitCode, boolean oomKilled)
        implements ContainerEvent {
}
