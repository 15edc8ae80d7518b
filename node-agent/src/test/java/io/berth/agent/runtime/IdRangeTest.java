package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdRangeTest {
    private final IdRange range = new IdRange(165_536, 65_536);

    @Test
    void mapsContainerIdsOntoTheRangeAndBack() {
        assertEquals(165_536, range.toHost(0));
        assertEquals(166_536, range.toHost(1000));
        assertEquals(231_071, range.toHost(65_535));
        assertEquals(0, range.toContainer(165_536));
        assertEquals(1000, range.toContainer(166_536));
        assertEquals(65_535, range.toContainer(231_071));
    }

    @Test
    void idsOutsideTheRangeAreTheOverflowId() {
        assertEquals(IdRange.OVERFLOW, range.toContainer(0), "host root is nobody inside");
        assertEquals(IdRange.OVERFLOW, range.toContainer(165_535));
        assertEquals(IdRange.OVERFLOW, range.toContainer(231_072));
        assertEquals(range.toHost(IdRange.OVERFLOW), range.toHost(65_536), "an id the map lacks lands on nobody");
        assertEquals(range.toHost(IdRange.OVERFLOW), range.toHost(-1));
    }

    @Test
    void theHostRangeIsTheIdentity() {
        assertTrue(IdRange.HOST.isHost());
        assertFalse(range.isHost());
        assertEquals(0, IdRange.HOST.toHost(0));
        assertEquals(4_294_967_294L, IdRange.HOST.toContainer(4_294_967_294L));
        assertEquals(1234, IdRange.HOST.toContainer(1234));
    }

    @Test
    void rendersAndParsesTheStoredForm() {
        assertEquals("165536 65536", range.render());
        assertEquals(range, IdRange.parse("165536 65536\n"));
        assertThrows(IllegalArgumentException.class, () -> IdRange.parse("165536"));
        assertThrows(IllegalArgumentException.class, () -> IdRange.parse("x 1"));
        assertThrows(IllegalArgumentException.class, () -> new IdRange(4_294_967_295L, 2));
        assertThrows(IllegalArgumentException.class, () -> new IdRange(0, 0));
    }
}
