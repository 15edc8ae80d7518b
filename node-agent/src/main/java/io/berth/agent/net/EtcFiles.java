package io.berth.agent.net;

import io.berth.events.spec.NetworkSpec;

import java.util.ArrayList;
import java.util.List;

/** The contents of a container's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf}, as dockerd writes them. */
public final class EtcFiles {
    /** dockerd's fallback when the host names only resolvers on its own loopback, which a container cannot reach. */
    static final List<String> FALLBACK_DNS = List.of("8.8.8.8", "8.8.4.4");

    /** {@code address} is the container's own (null without one): it maps the hostname. */
    public static String hosts(String hostname, String address, List<String> extraHosts) {
        StringBuilder out = new StringBuilder("127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "ff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\n"
                + "ff02::2\tip6-allrouters\n");
        for (String entry : extraHosts) {
            int colon = entry.indexOf(':');
            out.append(entry.substring(colon + 1)).append('\t').append(entry, 0, colon).append('\n');
        }
        if (address != null) {
            out.append(address).append('\t').append(hostname).append('\n');
        }
        return out.toString();
    }

    public static String hostname(String hostname) {
        return hostname + "\n";
    }

    /**
     * The user's servers, search domains and options where given, else the host's; the host's loopback
     * resolvers are dropped (unreachable from the container's own namespace) and, if none is left, dockerd's
     * public fallback is used.
     */
    public static String resolvConf(String hostResolvConf, NetworkSpec spec) {
        List<String> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : hostResolvConf.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#")) {
                continue;
            }
            List<String> rest = List.of(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> {
                    if (!f[1].startsWith("127.") && !f[1].equals("::1")) {
                        servers.add(f[1]);
                    }
                }
                case "search", "domain" -> search.addAll(rest);
                case "options" -> options.addAll(rest);
                default -> { }
            }
        }
        if (!spec.dns().isEmpty()) {
            servers = spec.dns();
        } else if (servers.isEmpty()) {
            servers = FALLBACK_DNS;
        }
        if (!spec.dnsSearch().isEmpty()) {
            search = spec.dnsSearch();
        }
        if (!spec.dnsOptions().isEmpty()) {
            options = spec.dnsOptions();
        }
        StringBuilder out = new StringBuilder();
        servers.forEach(s -> out.append("nameserver ").append(s).append('\n'));
        if (!search.isEmpty()) {
            out.append("search ").append(String.join(" ", search)).append('\n');
        }
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options)).append('\n');
        }
        return out.toString();
    }

    /**
     * A user-defined network's resolv.conf: its DNS server (the gateway) as the only nameserver, as dockerd's
     * 127.0.0.11, with the host's (or the user's) search domains and options, and {@code ndots:0} so a bare name
     * is asked as it is first.
     */
    public static String embeddedResolvConf(String hostResolvConf, String dnsServer, NetworkSpec spec) {
        String base = resolvConf(hostResolvConf, spec);
        StringBuilder out = new StringBuilder("nameserver " + dnsServer + "\n");
        boolean options = false;
        for (String line : base.split("\n")) {
            if (line.startsWith("search ")) {
                out.append(line).append('\n');
            } else if (line.startsWith("options ")) {
                options = true;
                out.append(line.contains("ndots:") ? line : line + " ndots:0").append('\n');
            }
        }
        if (!options) {
            out.append("options ndots:0\n");
        }
        return out.toString();
    }

    private EtcFiles() {
    }
}
