package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which cached layers a node may delete. The layer cache holds images for the node's containers: a layer
 * stays while any container placed on this node uses it (whatever its state: a stopped container restarts
 * from the same lower dirs) or an overlay mount still names it, and for {@code keep} after a container last
 * needed it, so running an image again soon starts from the cache. Everything else goes.
 */
public final class LayerRetention {
    private LayerRetention() {
    }

    /** The layers of {@code cached} to remove; {@code lastUse} is when each was last needed. */
    public static List<Digest> removable(Collection<Digest> cached, Set<Digest> inUse, Function<Digest, Instant> lastUse,
                                         Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return cached.stream()
                .filter(d -> !inUse.contains(d))
                .filter(d -> lastUse.apply(d).isBefore(cutoff))
                .sorted(java.util.Comparator.comparing(Digest::hex))
                .toList();
    }
}
