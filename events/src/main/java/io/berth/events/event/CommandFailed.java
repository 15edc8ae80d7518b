package io.berth.events.event;

/**
 * A command could not be carried out. {@code status} is the HTTP status the gateway should answer with
 * (304 already in that state, 404 gone, 409 wrong state, 500 runtime failure) and {@code message} the text Docker would print.
 */
public record CommandFailed(String containerId, String nodeId, String command, int status, String message)
        implements ContainerEvent {
}
