package io.berth.agent.net;

import io.berth.events.spec.PortBinding;

/** A port forwarded now: the host side {@code binding} (its host port chosen) into {@code containerIp}. */
public record Published(String containerIp, PortBinding binding) {
}
