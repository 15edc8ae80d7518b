package io.berth.events.spec;

import java.util.List;

/**
 * How a container is networked, as the user asked at create (Docker's {@code HostConfig.NetworkMode},
 * {@code ExtraHosts}, {@code Dns*} and the endpoint's {@code MacAddress}).
 *
 * @param mode       {@code bridge} (Docker's {@code default}), {@code none}, {@code host}, {@code container:<name|id>},
 *                   or a network's name
 * @param extraHosts {@code name:address} lines added to {@code /etc/hosts}
 * @param dns        nameserver addresses; empty: the host's
 * @param dnsSearch  search domains; empty: the host's
 * @param dnsOptions resolver options ({@code ndots:2})
 * @param macAddress the endpoint's MAC address; empty: derived from its IPv4 address, as dockerd does
 * @param ports      published ports (Docker's {@code PortBindings}, plus every exposed port under {@code -P})
 */
public record NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                          List<String> dnsOptions, String macAddress, List<PortBinding> ports) {

    /** Docker's default: the node's bridge. */
    public static final NetworkSpec BRIDGE = new NetworkSpec("bridge", List.of(), List.of(), List.of(), List.of(), "");

    /** Publishing nothing. */
    public NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                       List<String> dnsOptions, String macAddress) {
        this(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, List.of());
    }

    public NetworkSpec {
        mode = mode == null || mode.isEmpty() || mode.equals("default") ? "bridge" : mode;
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        macAddress = macAddress == null ? "" : macAddress;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** The container whose network namespace this one joins ({@code container:<x>}), or null. */
    public String joinedContainer() {
        return mode.startsWith("container:") ? mode.substring("container:".length()) : null;
    }
}
