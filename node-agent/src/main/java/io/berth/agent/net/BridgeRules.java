package io.berth.agent.net;

/**
 * The nftables ruleset of a node's bridge, in a table of Berth's own ({@code ip berth_<tag>}): containers'
 * outbound traffic is masqueraded unless it stays on the bridge. The script replaces the whole table in one
 * transaction (declare, delete, define), so reapplying it never duplicates a rule and no other table is touched.
 */
public final class BridgeRules {

    public static String table(String table, String bridge, Ipv4Cidr subnet) {
        return "table ip " + table + " {}\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
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
