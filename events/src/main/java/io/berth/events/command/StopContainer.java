package io.berth.events.command;

/**
 * Send {@code signal} (SIGTERM when empty), then SIGKILL after {@code timeoutSeconds}
 * ({@code -1} means the default of 10 s, {@code 0} kills at once).
 */
public record StopContainer(String containerId, int timeoutSeconds, String signal) implements ContainerCommand {
}
