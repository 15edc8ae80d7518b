package io.berth.agent.cgroup;

import io.berth.events.spec.Resources;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A container's cgroup: created with limits, joined by the monitor, read for OOM kills, removed. */
public interface Cgroups {
    /** The cgroup every container's own cgroup sits under, in each hierarchy, unless configured otherwise. */
    String DEFAULT_PARENT = "berth";

    /** Creates the cgroup(s) for {@code containerId}, writes the limits, returns the cgroup.procs files to join. */
    List<Path> create(String containerId, Resources resources) throws IOException;

    /**
     * {@code docker update}: writes the limits that change from {@code before} to {@code after} into the live
     * cgroup; all or nothing (a refused write puts back what was written). Without a cgroup (the container is
     * not running) it only checks that the throttled devices exist, as they will be needed at the next start.
     */
    void update(String containerId, Resources before, Resources after) throws IOException;

    /** Pids still in the container's cgroup (empty if it does not exist). */
    List<Long> pids(String containerId);

    /** Whether the kernel's OOM killer fired inside the container's cgroup. */
    boolean oomKilled(String containerId);

    /** Freezes every task of the container and returns once the kernel reports them all frozen. */
    void freeze(String containerId) throws IOException;

    /** Lets the container's tasks run again; returns once the kernel reports them thawed. */
    void thaw(String containerId) throws IOException;

    /** Deletes the cgroup(s), waiting briefly for exiting tasks to drain. Idempotent. */
    void remove(String containerId) throws IOException;

    /** Deletes the shared {@code berth} parent cgroup(s) once no container is left in them; one in use stays. */
    void removeParent() throws IOException;

    /** Whether any of the container's cgroup directories exists. */
    boolean exists(String containerId);

    /** The container's CPU, memory, pids and block I/O accounting now (zeros for files that are missing). */
    CgroupUsage usage(String containerId);
}
