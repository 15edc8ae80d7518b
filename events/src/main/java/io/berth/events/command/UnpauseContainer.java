package io.berth.events.command;

/** Thaw a paused container. */
public record UnpauseContainer(String containerId) implements ContainerCommand {
}
