package io.berth.events.command;

import io.berth.events.spec.ContainerSpec;

/** Place and prepare a container (root filesystem, no process yet). */
public record CreateContainer(String containerId, String name, ContainerSpec spec) implements ContainerCommand {
}
