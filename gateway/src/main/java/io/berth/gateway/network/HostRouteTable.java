package io.berth.gateway.network;

import io.berth.events.net.HostRoutes;
import io.berth.events.net.Ipv4Cidr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The subnets this host already reaches ({@code ip -4 -o addr show}, {@code ip -4 route show table all}), which a
 * new network's subnet must not overlap. Every bridge counts, Berth's too: another Berth sharing the kernel (or an
 * old bridge) holds its subnet as surely as any network. A host without {@code ip} yields no routes.
 */
public final class HostRouteTable implements Supplier<List<Ipv4Cidr>> {
    private static final System.Logger LOG = System.getLogger(HostRouteTable.class.getName());

    @Override
    public List<Ipv4Cidr> get() {
        String addrs = run("ip", "-4", "-o", "addr", "show");
        String routes = run("ip", "-4", "route", "show", "table", "all");
        return HostRoutes.parse(addrs, routes);
    }

    private static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.log(System.Logger.Level.WARNING, String.join(" ", argv) + " failed");
                return "";
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the host's routes: " + e.getMessage());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
