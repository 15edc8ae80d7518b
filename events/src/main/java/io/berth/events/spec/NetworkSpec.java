package io.berth.events.spec;

import java.util.ArrayList;
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
 * @param more       the networks the container is on besides {@code mode}, in the order they were connected
 *                   (eth1, eth2 …); absent in records of versions that knew one network only
 * @param detached   true once every network was disconnected: {@code mode} is then {@code none}, and dockerd shows
 *                   {@code Networks} as {@code {}} rather than {@code none}
 */
public record NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                          List<String> dnsOptions, String macAddress, List<PortBinding> ports, List<String> aliases,
                          String ipv4Address, List<NetworkAttachment> more, Boolean detached) {

    /** On one network. */
    public NetworkSpec(String mode, List<String> extraHosts, List<String> dns, List<String> dnsSearch,
                       List<String> dnsOptions, String macAddress, List<PortBinding> ports, List<String> aliases,
                       String ipv4Address) {
        this(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, aliases, ipv4Address, List.of(), false);
    }

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
        more = more == null ? List.of() : List.copyOf(more);
        // boxed so a record written before it (without the field) is valid against the schema and reads as false
        detached = detached != null && detached;
    }

    /**
     * Every network the container is on, its first ({@code mode}, when it is the bridge or a user-defined network)
     * then the connected ones; empty for {@code none}, {@code host} and {@code container:<x>}.
     */
    public List<NetworkAttachment> attachments() {
        List<NetworkAttachment> out = new ArrayList<>();
        if (mode.equals("bridge") || userDefined()) {
            out.add(new NetworkAttachment(mode, aliases, ipv4Address));
        }
        out.addAll(more);
        return out;
    }

    /** Whether the container is on {@code network}. */
    public boolean isOn(String network) {
        return attachments().stream().anyMatch(a -> a.network().equals(network));
    }

    /** Its aliases on {@code network} (none when it is not on it). */
    public List<String> aliasesOn(String network) {
        return attachments().stream().filter(a -> a.network().equals(network)).findFirst()
                .map(NetworkAttachment::aliases).orElse(List.of());
    }

    /**
     * The spec after {@code docker network connect}: a container on no network gets {@code network} as its first,
     * any other keeps its networks and adds this one after them.
     */
    public NetworkSpec connected(String network, List<String> names, String ip) {
        if (mode.equals("none")) {
            return new NetworkSpec(network, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, names, ip,
                    more, false);
        }
        List<NetworkAttachment> next = new ArrayList<>(more);
        next.add(new NetworkAttachment(network, names, ip));
        return new NetworkSpec(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, aliases, ipv4Address,
                next, false);
    }

    /**
     * The spec after {@code docker network disconnect}: a further network just leaves the list; the first is
     * replaced by the next one connected, or, when it was the last, the container is left on {@code none}.
     */
    public NetworkSpec disconnected(String network) {
        if (!mode.equals(network)) {
            List<NetworkAttachment> next = more.stream().filter(a -> !a.network().equals(network)).toList();
            return new NetworkSpec(mode, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, aliases,
                    ipv4Address, next, false);
        }
        if (more.isEmpty()) {
            return new NetworkSpec("none", extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, List.of(), "",
                    List.of(), true);
        }
        NetworkAttachment first = more.get(0);
        return new NetworkSpec(first.network(), extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports,
                first.aliases(), first.ipv4Address(), more.subList(1, more.size()), false);
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
        return new NetworkSpec(network, extraHosts, dns, dnsSearch, dnsOptions, macAddress, ports, names, ip, more,
                false);
    }

    /** The container whose network namespace this one joins ({@code container:<x>}), or null. */
    public String joinedContainer() {
        return mode.startsWith("container:") ? mode.substring("container:".length()) : null;
    }
}
