package io.berth.agent.runtime;

/**
 * A container could not be started. The message is what Docker would print (e.g.
 * {@code exec: "nope": executable file not found in $PATH}); {@code exitCode} is what {@code docker run}
 * exits with (127 not found, 126 not executable, 125 otherwise).
 */
public final class RuntimeFailure extends Exception {
    private final int exitCode;
    private final boolean invalidSpec;

    public RuntimeFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
        this.invalidSpec = false;
    }

    private RuntimeFailure(String message, boolean invalidSpec) {
        super(message);
        this.exitCode = 125;
        this.invalidSpec = invalidSpec;
    }

    /** The spec itself is wrong (e.g. an unknown capability): the caller's mistake, HTTP 400, nothing ran. */
    public static RuntimeFailure invalidSpec(String message) {
        return new RuntimeFailure(message, true);
    }

    public RuntimeFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.invalidSpec = false;
    }

    public boolean invalidSpec() {
        return invalidSpec;
    }

    public int exitCode() {
        return exitCode;
    }
}
