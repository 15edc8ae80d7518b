package io.berth.agent.runtime;

import io.berth.events.spec.Resources;
import io.berth.events.spec.Security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a {@link RuntimeSpec} into an isolated process and back into nothing. Blocking: call it from a
 * worker thread. Every method leaves the host clean on failure (no mount, cgroup or process behind).
 */
public interface ContainerRuntime {

    /**
     * Mounts the overlay root, creates the cgroup with the spec's limits, spawns the monitor, and returns
     * once the command has been exec'd in new pid, mount, uts, ipc, net and cgroup namespaces.
     */
    RunningContainer start(RuntimeSpec spec) throws RuntimeFailure;

    /**
     * Finds a container whose monitor outlived a previous agent (state files in {@code containerDir}).
     * Empty if it never ran there; a container that exited meanwhile is returned with its exit future done.
     */
    Optional<RunningContainer> adopt(String containerId, Path containerDir);

    /** Delivers {@code signal} (a number, e.g. 15) to the container's init; no-op if it is gone. */
    void signal(RunningContainer container, int signal);

    /** Freezes every process of the container (cgroup freezer) and returns once all are frozen. */
    default void freeze(String containerId) {
        throw new UnsupportedOperationException("this runtime cannot pause container " + containerId);
    }

    /** Lets a frozen container run again. */
    default void thaw(String containerId) {
        throw new UnsupportedOperationException("this runtime cannot unpause container " + containerId);
    }

    /**
     * {@code docker update}: moves the container's cgroup from {@code before}'s limits to {@code after}'s while it
     * runs; with no process it only checks what the next start will need (the throttled devices).
     */
    default void update(String containerId, Resources before, Resources after) throws IOException {
        throw new UnsupportedOperationException("this runtime cannot update container " + containerId);
    }

    /** Unmounts the root and deletes the cgroup after the process exited. Idempotent. */
    void release(String containerId, Path containerDir);

    /**
     * The host ids of the container's user namespace ({@link IdRange#HOST}: none), allocated and stored at the
     * first call for a container that gets one; what host-side file operations map owners through.
     */
    default IdRange ids(String containerId, Path containerDir, Security security, boolean hostNetwork)
            throws IOException {
        return IdRange.HOST;
    }

    /** The container and its directory are gone: whatever the runtime kept for it may be given to another. */
    default void removed(String containerId) {
    }
}
