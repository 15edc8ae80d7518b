package io.berth.gateway.network;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;

import java.util.List;

/** Which containers hold an endpoint on a network: dockerd's "active endpoints", those of running containers. */
public final class NetworkUse {

    public static boolean active(ContainerRecord r) {
        return r.spec() != null && (r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED
                || r.status() == ContainerState.RESTARTING);
    }

    /** The running containers on {@code network}. */
    public static List<ContainerRecord> users(String network, List<ContainerRecord> all) {
        return all.stream().filter(r -> active(r) && (network.equals(r.spec().network().mode())
                || r.spec().network().isOn(network))).toList();
    }

    private NetworkUse() {
    }
}
