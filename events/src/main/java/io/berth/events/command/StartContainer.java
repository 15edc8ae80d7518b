package io.berth.events.command;

/** Start the container's process. */
public record StartContainer(String containerId) implements ContainerCommand {
}
