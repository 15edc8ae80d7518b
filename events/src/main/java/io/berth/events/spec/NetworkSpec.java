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
 * @param aliases    names the container also answers to on a user-defined network ({@code --network-alias},
 *                   compose's service name), besides its name and short id
 * @param ipv4Address the address asked for on a user-defined network ({@code --ip}); empty: the lowest free
 */
public record NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                          List<String> dnsOptions, String macAddress, List<PortBinding> ports, List<String> aliases,
                          String ipv4Address) {

    /** Without an asked address. */
    public NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                       List<String> dnsOptions, String macAddress, List<PortBinding> ports, List<String> aliases) {
        this(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, aliases, "");
    }

    /** Docker's default: the node's bridge. */
    public static final NetworkSpec BRIDGE = new NetworkSpec("bridge", List.of(), List.of(), List.of(), List.of(), "");

    /** Publishing nothing. */
    public NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                       List<String> dnsOptions, String macAddress) {
        this(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, List.of());
    }

    /** Without aliases. */
    public NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                       List<String> dnsOptions, String macAddress, List<PortBinding> ports) {
        this(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, List.of());
    }

    public NetworkSpec {
        mode = mode == null || mode.isEmpty() || mode.equals("default") ? "bridge" : mode;
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        macAddress = macAddress == null ? "" : macAddress;
        ports = ports == null ? List.of() : List.copyOf(ports);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ipv4Address = ipv4Address == null ? "" : ipv4Address;
    }

    /** Whether {@code mode} names a user-defined network rather than one of Docker's built-in modes. */
    public boolean userDefined() {
        return !mode.equals("bridge") && !mode.equals("none") && !mode.equals("host") && joinedContainer() == null;
    }

    /** The same spec on {@code network} with {@code names} as its aliases (a connect to a created container). */
    public NetworkSpec on(String network, List<String> names) {
        return on(network, names, "");
    }

    /** The same spec on {@code network} with {@code names} as its aliases and {@code ip} asked ({@code --ip}). */
    public NetworkSpec on(String network, List<String> names, String ip) {
        return new NetworkSpec(network, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, names, ip);
    }

    /** The container whose network namespace this one joins ({@code container:<x>}), or null. */
    public String joinedContainer() {
        return mode.startsWith("container:") ? mode.substring("container:".length()) : null;
    }
}
