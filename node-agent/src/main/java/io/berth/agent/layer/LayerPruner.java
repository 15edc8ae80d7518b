package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes cached layers by {@link LayerRetention}'s rule; run periodically by the agent. Blocking. */
public final class LayerPruner {
    private static final Logger LOG = Logger.getLogger(LayerPruner.class.getName());
    private static final Pattern HEX = Pattern.compile("(?:^|/)([0-9a-f]{64})$");

    private final LayerStore store;
    private final Supplier<Set<Digest>> containerLayers;
    private final Path mountTable;
    private final Clock clock;
    private final Duration keep;

    /**
     * @param containerLayers the layers of every container placed on this node
     * @param mountTable      {@code /proc/self/mountinfo}: overlays still mounted keep their lower dirs
     */
    public LayerPruner(LayerStore store, Supplier<Set<Digest>> containerLayers, Path mountTable, Clock clock, Duration keep) {
        this.store = store;
        this.containerLayers = containerLayers;
        this.mountTable = mountTable;
        this.clock = clock;
        this.keep = keep;
    }

    /** Removes what the rule allows; returns the removed layers. */
    public List<Digest> prune() throws IOException {
        Set<Digest> inUse = new HashSet<>(containerLayers.get());
        inUse.addAll(mountedLowers(Files.readString(mountTable)));
        Instant now = clock.instant();
        List<Digest> removable = LayerRetention.removable(store.cached(), inUse, store::lastUse, now, keep);
        List<Digest> removed = new java.util.ArrayList<>();
        for (Digest digest : removable) {
            if (store.removeIfUnusedSince(digest, now.minus(keep))) {
                removed.add(digest);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed " + removed.size() + " unused layer(s): " + removed);
        }
        return removed;
    }

    /** The layer digests named in any overlay's {@code lowerdir=} option of a mount table. */
    static Set<Digest> mountedLowers(String mountinfo) {
        Set<Digest> lowers = new HashSet<>();
        for (String line : mountinfo.split("\n")) {
            int at = line.indexOf("lowerdir=");
            if (at < 0) {
                continue;
            }
            String value = line.substring(at + "lowerdir=".length()).split("[, ]", 2)[0];
            for (String dir : value.split(":")) {
                Matcher m = HEX.matcher(dir);
                if (m.find()) {
                    lowers.add(new Digest(m.group(1)));
                }
            }
        }
        return lowers;
    }
}
