package io.berth.events.command;

/** Send one signal (SIGKILL when empty) to the container's init. */
public record KillContainer(String containerId, String signal) implements ContainerCommand {
}
