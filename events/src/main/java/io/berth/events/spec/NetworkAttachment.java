package io.berth.events.spec;

import java.util.List;

/**
 * One further network a container is on besides its first ({@code docker network connect}, compose's second
 * network of a service), with the names and address asked for on it.
 *
 * @param network     the network's name ({@code bridge} for the node's default bridge)
 * @param aliases     names the container also answers to on this network ({@code --alias})
 * @param ipv4Address the address asked for ({@code --ip}); empty: the lowest free
 */
public record NetworkAttachment(String network, List<String> aliases, String ipv4Address) {

    public NetworkAttachment {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ipv4Address = ipv4Address == null ? "" : ipv4Address;
    }
}
