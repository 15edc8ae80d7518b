package io.berth.agent.net;

/** A container's network cannot be set up as asked: the HTTP status and text dockerd answers with. */
public final class NetworkRefused extends Exception {
    private final int status;

    public NetworkRefused(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
