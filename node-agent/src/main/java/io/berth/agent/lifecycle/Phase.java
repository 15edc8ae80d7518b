package io.berth.agent.lifecycle;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;

import java.util.Optional;

/** Where a container stands as this node sees it: the guards in {@link Transitions} decide from this alone. */
public enum Phase {
    /** No record: never created, or already removed. */
    ABSENT,
    /** Prepared, never ran. */
    CREATED,
    /** Its process runs under this node's runtime. */
    RUNNING,
    /** Its process is alive under this node's runtime but frozen. */
    PAUSED,
    /** It ran and its process is gone. */
    EXITED;

    /** The phase from the cluster record and whether this node's runtime holds a live process. */
    public static Phase of(Optional<ContainerRecord> record, boolean runningHere) {
        if (runningHere) {
            return record.isPresent() && record.get().status() == ContainerState.PAUSED ? PAUSED : RUNNING;
        }
        if (record.isEmpty()) {
            return ABSENT;
        }
        return record.get().status() == ContainerState.CREATED ? CREATED : EXITED;
    }
}
