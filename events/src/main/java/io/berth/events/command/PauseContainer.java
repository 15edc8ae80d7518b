package io.berth.events.command;

/** Freeze every process of the container (cgroup freezer). */
public record PauseContainer(String containerId) implements ContainerCommand {
}
