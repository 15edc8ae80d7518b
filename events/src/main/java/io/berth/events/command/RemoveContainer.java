package io.berth.events.command;

/** Remove the container and everything it holds on its node; {@code force} kills it first if running. */
public record RemoveContainer(String containerId, boolean force) implements ContainerCommand {
}
