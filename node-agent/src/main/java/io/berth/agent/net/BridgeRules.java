package io.berth.agent.net;

import io.berth.events.net.Ipv4Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * The nftables ruleset of a node's bridges, in a table of Berth's own ({@code ip berth_<tag>}): containers'
 * outbound traffic is masqueraded unless it stays on its bridge (an internal network's never leaves it), and each
 * published port is DNAT'ed to its container, both for traffic arriving from elsewhere (prerouting) and from the
 * node itself (output). Traffic from the node's loopback reaches a bridge only because the bridge has
 * {@code route_localnet}; it is then masqueraded so the container answers the bridge's address. The forward chain
 * keeps networks apart: nothing is forwarded from one of Berth's bridges to another, as dockerd's isolation
 * chains do. The script replaces the whole table in one transaction (declare, delete, define), so reapplying it
 * never duplicates a rule and no other table is touched.
 */
public final class BridgeRules {

    public static String table(String table, String bridge, Ipv4Cidr subnet) {
        return table(table, bridge, subnet, List.of(), List.of());
    }

    public static String table(String table, String bridge, Ipv4Cidr subnet, List<Published> published) {
        return table(table, bridge, subnet, published, List.of());
    }

    public static String table(String table, String bridge, Ipv4Cidr subnet, List<Published> published,
                               List<NetworkBridge> networks) {
        StringBuilder dnat = new StringBuilder();
        for (Published p : published) {
            String match = p.binding().hostIp().isEmpty() ? "fib daddr type local" : "ip daddr " + p.binding().hostIp();
            dnat.append("    ").append(match).append(' ').append(p.binding().protocol()).append(" dport ")
                    .append(p.binding().hostPort()).append(" dnat to ").append(p.containerIp()).append(':')
                    .append(p.binding().containerPort()).append('\n');
        }
        StringBuilder masquerade = new StringBuilder();
        masquerade.append("    ip saddr 127.0.0.0/8 oifname \"").append(bridge).append("\" masquerade\n");
        masquerade.append("    ip saddr ").append(subnet).append(" oifname != \"").append(bridge).append("\" masquerade\n");
        List<String> devices = new ArrayList<>(List.of(bridge));
        for (NetworkBridge n : networks) {
            devices.add(n.device());
            masquerade.append("    ip saddr 127.0.0.0/8 oifname \"").append(n.device()).append("\" masquerade\n");
            if (!n.internal()) {
                masquerade.append("    ip saddr ").append(n.subnet()).append(" oifname != \"").append(n.device())
                        .append("\" masquerade\n");
            }
        }
        StringBuilder forward = new StringBuilder();
        for (String d : devices) {
            List<String> others = devices.stream().filter(o -> !o.equals(d)).toList();
            if (!others.isEmpty()) {
                forward.append("    iifname \"").append(d).append("\" oifname ").append(set(others)).append(" drop\n");
            }
        }
        for (NetworkBridge n : networks) {
            if (n.internal()) {
                forward.append("    iifname \"").append(n.device()).append("\" oifname != \"").append(n.device())
                        .append("\" drop\n");
                forward.append("    oifname \"").append(n.device()).append("\" iifname != \"").append(n.device())
                        .append("\" drop\n");
            }
        }
        return "table ip " + table + " {}\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n"
                + "  chain prerouting {\n"
                + "    type nat hook prerouting priority dstnat; policy accept;\n"
                + dnat
                + "  }\n"
                + "  chain output {\n"
                + "    type nat hook output priority -100; policy accept;\n"
                + dnat
                + "  }\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + masquerade
                + "  }\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter; policy accept;\n"
                + forward
                + "  }\n"
                + "}\n";
    }

    private static String set(List<String> names) {
        return names.size() == 1 ? "\"" + names.get(0) + "\""
                : "{ " + String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList()) + " }";
    }

    /** Removes the table if it is there (declaring it first makes the delete succeed either way). */
    public static String drop(String table) {
        return "table ip " + table + " {}\ndelete table ip " + table + "\n";
    }

    private BridgeRules() {
    }
}
