package io.berth.agent.runtime;

/**
 * A container could not be started. The message is what Docker would print (e.g.
 * {@code exec: "nope": executable file not found in $PATH}); {@code exitCode} is what {@code docker run}
 * exits with (127 not found, 126 not executable, 125 otherwise).
 */
public final class RuntimeFailure extends Exception {
    private final int exitCode;

    public RuntimeFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public RuntimeFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
