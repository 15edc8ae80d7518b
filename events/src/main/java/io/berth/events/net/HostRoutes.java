package io.berth.events.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The subnets the host already uses, read from {@code ip -4 -o addr show} and {@code ip -4 route show table all}
 * output: a bridge subnet must overlap none of them.
 */
public final class HostRoutes {
    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "multicast", "throw",
            "unreachable", "prohibit", "blackhole", "nat", "anycast");

    public static List<Ipv4Cidr> parse(String addrOutput, String routeOutput) {
        List<Ipv4Cidr> out = new ArrayList<>();
        for (String line : addrOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet")) {
                    add(out, f[i + 1]);
                }
            }
        }
        for (String line : routeOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            int i = 0;
            if (f.length > 1 && ROUTE_TYPES.contains(f[0])) {
                i = 1;
            }
            if (f.length > i && !f[i].equals("default")) {
                add(out, f[i]);
            }
        }
        return out;
    }

    private static void add(List<Ipv4Cidr> out, String text) {
        try {
            out.add(Ipv4Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            // not an address (an IPv6 line, a keyword): nothing to avoid
        }
    }

    private HostRoutes() {
    }
}
