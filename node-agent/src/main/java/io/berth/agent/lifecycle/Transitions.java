package io.berth.agent.lifecycle;

/** The lifecycle's guards: which verb is allowed from which phase, and what the refusal says (Docker's words). */
public final class Transitions {

    public static void canStart(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "start", 404, noSuch(id));
            case RUNNING -> throw new IllegalTransition(phase, "start", 304, "container " + id + " is already running");
            case PAUSED -> throw new IllegalTransition(phase, "start", 409,
                    "cannot start a paused container, try unpause instead");
            default -> {
            }
        }
    }

    public static void canStop(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "stop", 404, noSuch(id));
            case RUNNING, PAUSED -> {
            }
            default -> throw new IllegalTransition(phase, "stop", 304, "");
        }
    }

    public static void canKill(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "kill", 404, noSuch(id));
            case RUNNING, PAUSED -> {
            }
            default -> throw new IllegalTransition(phase, "kill", 409, "container " + id + " is not running");
        }
    }

    /** Removal is idempotent: an absent container is removed already. Only a running one needs {@code force}. */
    public static void canRemove(String name, Phase phase, boolean force) throws IllegalTransition {
        if ((phase == Phase.RUNNING || phase == Phase.PAUSED) && !force) {
            throw new IllegalTransition(phase, "remove", 409, "cannot remove container \"/" + name
                    + "\": container is running: stop the container before removing or force remove");
        }
    }

    /** Only a running container freezes; a paused one says so (dockerd's words). */
    public static void canPause(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "pause", 404, noSuch(id));
            case RUNNING -> {
            }
            case PAUSED -> throw new IllegalTransition(phase, "pause", 409, "Container " + id + " is already paused");
            default -> throw new IllegalTransition(phase, "pause", 409, "container " + id + " is not running");
        }
    }

    public static void canUnpause(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "unpause", 404, noSuch(id));
            case PAUSED -> {
            }
            default -> throw new IllegalTransition(phase, "unpause", 409, "Container " + id + " is not paused");
        }
    }

    private static String noSuch(String id) {
        return "No such container: " + id;
    }

    private Transitions() {
    }
}
