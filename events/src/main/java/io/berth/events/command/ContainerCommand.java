package io.berth.events.command;

import io.berth.events.Message;

/** A request to change a container, published by the gateway and routed by the scheduler. */
public sealed interface ContainerCommand extends Message
        permits CreateContainer, StartContainer, StopContainer, KillContainer, RemoveContainer, PauseContainer,
        UnpauseContainer, UpdateContainer {
}
