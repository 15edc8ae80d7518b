package io.berth.events.event;

/**
 * A running container was connected to a network, or disconnected from it ({@code docker network connect} /
 * {@code disconnect}); its agent emits it once the interface is in, or out of, the container's namespace.
 *
 * @param network   the network's name ({@code bridge} for the node's default bridge)
 * @param connected true for a connect, false for a disconnect
 */
public record ContainerNetworkChanged(String containerId, String nodeId, String network, boolean connected)
        implements ContainerEvent {
}
