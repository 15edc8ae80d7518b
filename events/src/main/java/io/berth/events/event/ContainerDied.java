package io.berth.events.event;

/**
 * The container's process exited with Docker's exit code (128 + signal when killed). {@code lostReason} is
 * null for an exit the monitor saw; otherwise the process went without anyone recording how (the host
 * rebooted, or its monitor was killed), the code is 255 and this says why — restart policies then act as
 * dockerd's do at daemon start (only {@code always} and {@code unless-stopped} start it again).
 */
public record ContainerDied(String containerId, String nodeId, int exitCode, boolean oomKilled, String lostReason)
        implements ContainerEvent {

    /** An exit the container's monitor saw and recorded. */
    public ContainerDied(String containerId, String nodeId, int exitCode, boolean oomKilled) {
        this(containerId, nodeId, exitCode, oomKilled, null);
    }
}
