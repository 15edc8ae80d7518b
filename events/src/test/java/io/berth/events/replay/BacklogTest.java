package io.berth.events.replay;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacklogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingBehindSaysNothing() {
        Backlog b = new Backlog("cmds", Map.of(0, 5L, 1, 7L), Map.of(0, 5L, 1, 7L), 0, SECOND);
        assertEquals(0, b.total());
        assertTrue(b.opening().isEmpty());
        assertTrue(b.handled(0, 5, 1).isEmpty());
    }

    @Test
    void opensReportsProgressAndClosesOnceEveryPartitionCaughtUp() {
        Backlog b = new Backlog("cmds", Map.of(0, 10L, 1, 0L, 2, 4L), Map.of(0, 13L, 1, 2L, 2, 4L), 0, 5 * SECOND);
        assertEquals(5, b.total());
        assertEquals("replaying 5 record(s) of cmds left unhandled before this start (partition:offsets 0:10..12, 1:0..1)",
                b.opening().orElseThrow());
        assertTrue(b.handled(0, 10, SECOND).isEmpty());
        assertEquals(Optional.of("replaying cmds: 2/5 record(s) handled"), b.handled(0, 11, 6 * SECOND));
        assertTrue(b.handled(1, 1, 7 * SECOND).isEmpty(), "progress at most every 5 s");
        assertEquals(Optional.of("replayed 5 record(s) of cmds in 8000 ms; caught up"), b.handled(0, 12, 8 * SECOND));
        assertTrue(b.handled(0, 13, 9 * SECOND).isEmpty(), "new records after the catch-up are not replays");
    }

    @Test
    void aSkipAheadCountsEverythingUpToIt() {
        Backlog b = new Backlog("cmds", Map.of(0, 0L), Map.of(0, 10L), 0, SECOND);
        assertFalse(b.handled(0, 20, 0).isEmpty());
    }

    @Test
    void aPartitionWithoutCommittedOffsetStartsAtItsEnd() {
        Backlog b = new Backlog("cmds", Map.of(), Map.of(0, 10L), 0, SECOND);
        assertEquals(0, b.total());
    }
}
