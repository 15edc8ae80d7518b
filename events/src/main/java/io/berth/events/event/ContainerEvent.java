package io.berth.events.event;

import io.berth.events.Message;

/** A fact about a container, emitted only by the owner of that fact (scheduler: placement; agent: runtime). */
public sealed interface ContainerEvent extends Message
        permits ContainerScheduled, ContainerUnschedulable, ContainerCreated, ContainerStarted, ContainerDied,
        ContainerKilled, ContainerRemoved, CommandFailed, ContainerPaused, ContainerUnpaused, ContainerLost,
        ContainerHealthChanged, ContainerUpdated, ContainerNetworkChanged {
}
