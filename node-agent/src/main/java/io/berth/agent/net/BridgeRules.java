package io.berth.agent.net;

import io.berth.events.net.Ipv4Cidr;

/**
 * The nftables ruleset of a node's bridge, in a table of Berth's own ({@code ip berth_<tag>}): containers'
 * outbound traffic is masqueraded unless it stays on the bridge, and each published port is DNAT'ed to its
 * container, both for traffic arriving from elsewhere (prerouting) and from the node itself (output). Traffic
 * from the node's loopback reaches the bridge only because the bridge has {@code route_localnet}; it is then
 * masqueraded so the container answers the bridge's address. The script replaces the whole table in one
 * transaction (declare, delete, define), so reapplying it never duplicates a rule and no other table is touched.
 */
public final class BridgeRules {

    public static String table(String table, String bridge, Ipv4Cidr subnet) {
        return table(table, bridge, subnet, java.util.List.of());
    }

    public static String table(String table, String bridge, Ipv4Cidr subnet, java.util.List<Published> published) {
        StringBuilder dnat = new StringBuilder();
        for (Published p : published) {
            String match = p.binding().hostIp().isEmpty() ? "fib daddr type local" : "ip daddr " + p.binding().hostIp();
            dnat.append("    ").append(match).append(' ').append(p.binding().protocol()).append(" dport ")
                    .append(p.binding().hostPort()).append(" dnat to ").append(p.containerIp()).append(':')
                    .append(p.binding().containerPort()).append('\n');
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
                + "    ip saddr 127.0.0.0/8 oifname \"" + bridge + "\" masquerade\n"
                + "    ip saddr " + subnet + " oifname != \"" + bridge + "\" masquerade\n"
                + "  }\n"
                + "}\n";
    }

    /** Removes the table if it is there (declaring it first makes the delete succeed either way). */
    public static String drop(String table) {
        return "table ip " + table + " {}\ndelete table ip " + table + "\n";
    }

    private BridgeRules() {
    }
}
