package io.berth.agent.lifecycle;

/** The container's phase does not allow the command (e.g. start while running). */
public final class IllegalTransition extends CommandRefused {
    private final Phase from;
    private final String verb;

    public IllegalTransition(Phase from, String verb, int status, String message) {
        super(status, message);
        this.from = from;
        this.verb = verb;
    }

    public Phase from() {
        return from;
    }

    public String verb() {
        return verb;
    }
}
