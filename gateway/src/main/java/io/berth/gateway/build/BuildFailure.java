package io.berth.gateway.build;

/**
 * A build that stopped, as the classic builder reports it in its stream: {@code errorDetail.message} and the
 * {@code code} the CLI exits with (a RUN's exit code; 1 for everything else).
 */
public final class BuildFailure extends RuntimeException {
    private final int code;

    public BuildFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A failure without an exit code of its own: the CLI exits 1. */
    public BuildFailure(String message) {
        this(0, message);
    }

    public int code() {
        return code;
    }
}
