package io.berth.events.net;

import java.util.Collection;
import java.util.Optional;

/**
 * Cuts a bridge subnet out of the cluster-wide pool: the first slice of the pool that overlaps no subnet another
 * node or network holds and that overlaps none of the host's own routes or addresses (so the bridge never shadows a network the
 * host already reaches). Pure: the holders and the host's routes are inputs.
 */
public final class SubnetPool {
    /** The cluster's pool: every node's default bridge and every user-defined network take a /24 of it. */
    public static final SubnetPool CLUSTER = new SubnetPool(Ipv4Cidr.parse("10.87.0.0/16"), 24);

    private final Ipv4Cidr pool;
    private final int slice;

    /** {@code pool} cut into subnets of prefix length {@code slice}. */
    public SubnetPool(Ipv4Cidr pool, int slice) {
        if (slice < pool.prefix() || slice > 30) {
            throw new IllegalArgumentException("cannot cut " + pool + " into /" + slice + " subnets");
        }
        this.pool = pool;
        this.slice = slice;
    }

    public Optional<Ipv4Cidr> pick(Collection<Ipv4Cidr> held, Collection<Ipv4Cidr> hostRoutes) {
        long count = 1L << (slice - pool.prefix());
        long step = 1L << (32 - slice);
        for (long i = 0; i < count; i++) {
            Ipv4Cidr candidate = new Ipv4Cidr(pool.base().plus(i * step), slice);
            if (held.stream().anyMatch(h -> h.overlaps(candidate)) || !usable(candidate, hostRoutes)) {
                continue;
            }
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Whether the host routes nothing into {@code subnet} (a default route, /0, does not count). */
    public static boolean usable(Ipv4Cidr subnet, Collection<Ipv4Cidr> hostRoutes) {
        return hostRoutes.stream().filter(r -> r.prefix() > 0).noneMatch(r -> r.overlaps(subnet));
    }
}
