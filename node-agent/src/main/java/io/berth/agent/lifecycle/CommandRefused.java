package io.berth.agent.lifecycle;

/** A command the agent will not or cannot carry out; becomes a {@code CommandFailed} with this HTTP status. */
public class CommandRefused extends Exception {
    private final int status;

    public CommandRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public CommandRefused(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
