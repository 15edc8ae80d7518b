package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerRetentionTest {
    private static final Digest USED = new Digest("1".repeat(64));
    private static final Digest RECENT = new Digest("2".repeat(64));
    private static final Digest STALE = new Digest("3".repeat(64));
    private static final Digest NEVER = new Digest("4".repeat(64));
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void onlyStaleLayersNoContainerUsesGo() {
        Map<Digest, Instant> lastUse = Map.of(USED, NOW.minus(Duration.ofDays(3)), RECENT, NOW.minus(Duration.ofMinutes(5)),
                STALE, NOW.minus(Duration.ofHours(2)), NEVER, Instant.EPOCH);
        List<Digest> removable = LayerRetention.removable(List.of(USED, RECENT, STALE, NEVER), Set.of(USED),
                lastUse::get, NOW, Duration.ofHours(1));
        assertEquals(List.of(STALE, NEVER), removable);
    }

    @Test
    void theKeepPeriodIsExclusiveAtItsEdge() {
        List<Digest> removable = LayerRetention.removable(List.of(STALE), Set.of(),
                d -> NOW.minus(Duration.ofHours(1)), NOW, Duration.ofHours(1));
        assertEquals(List.of(), removable);
    }

    @Test
    void overlayLowerDirsInTheMountTableCount() {
        String mountinfo = "36 35 0:31 / /x rw - overlay overlay rw,lowerdir=/d/layers/sha256/" + "a".repeat(64)
                + ":/d/layers/sha256/" + "b".repeat(64) + ",upperdir=/d/c/upper,workdir=/d/c/work\n"
                + "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n";
        assertEquals(Set.of(new Digest("a".repeat(64)), new Digest("b".repeat(64))), LayerPruner.mountedLowers(mountinfo));
    }
}
