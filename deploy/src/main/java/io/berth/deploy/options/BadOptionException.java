package io.berth.deploy.options;

/** A flag or BERTH_* variable the launcher cannot accept; its message says which and why. */
public final class BadOptionException extends RuntimeException {
    public BadOptionException(String message) {
        super(message);
    }
}
