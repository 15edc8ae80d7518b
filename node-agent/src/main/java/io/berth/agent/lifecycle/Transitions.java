package io.berth.agent.lifecycle;

/** The lifecycle's guards: which verb is allowed from which phase, and what the refusal says (Docker's words). */
public final class Transitions {

    public static void canStart(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "start", 404, noSuch(id));
            case RUNNING -> throw new IllegalTransition(phase, "start", 304, "container " + id + " is already running");
            default -> {
            }
        }
    }

    public static void canStop(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "stop", 404, noSuch(id));
            case RUNNING -> {
            }
            default -> throw new IllegalTransition(phase, "stop", 304, "");
        }
    }

    public static void canKill(String id, Phase phase) throws IllegalTransition {
        switch (phase) {
            case ABSENT -> throw new IllegalTransition(phase, "kill", 404, noSuch(id));
            case RUNNING -> {
            }
            default -> throw new IllegalTransition(phase, "kill", 409, "container " + id + " is not running");
        }
    }

    /** Removal is idempotent: an absent container is removed already. Only a running one needs {@code force}. */
    public static void canRemove(String name, Phase phase, boolean force) throws IllegalTransition {
        if (phase == Phase.RUNNING && !force) {
            throw new IllegalTransition(phase, "remove", 409, "cannot remove container \"/" + name
                    + "\": container is running: stop the container before removing or force remove");
        }
    }

    private static String noSuch(String id) {
        return "No such container: " + id;
    }

    private Transitions() {
    }
}
