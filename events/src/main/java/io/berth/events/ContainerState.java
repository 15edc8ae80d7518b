package io.berth.events;

/** Docker's container states, as {@code State.Status} and {@code /containers/json} report them. */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    /** The lower-case word Docker uses. */
    public String docker() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
