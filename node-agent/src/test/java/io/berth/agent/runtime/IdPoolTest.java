package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdPoolTest {

    @Test
    void givesEachOwnerItsOwnDisjointRange() {
        IdPool pool = new IdPool(100_000, 4);
        IdRange a = pool.allocate("a").orElseThrow();
        IdRange b = pool.allocate("b").orElseThrow();
        assertEquals(new IdRange(100_000, 65_536), a);
        assertEquals(new IdRange(165_536, 65_536), b);
        assertEquals(a, pool.allocate("a").orElseThrow(), "an owner keeps its range");
        Set<Long> bases = new HashSet<>();
        for (String owner : new String[] {"a", "b", "c", "d"}) {
            bases.add(pool.allocate(owner).orElseThrow().base());
        }
        assertEquals(4, bases.size());
        assertEquals(Optional.empty(), pool.allocate("e"), "the pool is full");
    }

    @Test
    void aFreedRangeIsGivenAgainLowestFirst() {
        IdPool pool = new IdPool(100_000, 4);
        pool.allocate("a");
        pool.allocate("b");
        pool.allocate("c");
        pool.free("b");
        pool.free("nobody");
        assertEquals(new IdRange(165_536, 65_536), pool.allocate("d").orElseThrow());
        assertEquals(new IdRange(296_608, 65_536), pool.allocate("e").orElseThrow());
        assertEquals(4, pool.used());
    }

    @Test
    void takesBackStoredRangesAndRefusesClashes() {
        IdPool pool = new IdPool(100_000, 4);
        assertTrue(pool.take("x", new IdRange(231_072, 65_536)));
        assertTrue(pool.take("x", new IdRange(231_072, 65_536)), "the same again");
        assertFalse(pool.take("y", new IdRange(231_072, 65_536)), "another's");
        assertFalse(pool.take("y", new IdRange(231_073, 65_536)), "not a slot");
        assertFalse(pool.take("y", new IdRange(100_000, 1000)), "not a slot's size");
        assertFalse(pool.take("y", new IdRange(362_144, 65_536)), "past the pool");
        assertEquals(new IdRange(100_000, 65_536), pool.allocate("y").orElseThrow(), "around the taken one");
        assertEquals(new IdRange(165_536, 65_536), pool.allocate("z").orElseThrow());
        assertEquals(new IdRange(296_608, 65_536), pool.allocate("w").orElseThrow(), "skips x's");
    }

    @Test
    void refusesAPoolPastTheIdSpace() {
        assertThrows(IllegalArgumentException.class, () -> new IdPool(100_000, 65_535));
        new IdPool(100_000, IdPool.DEFAULT_SLOTS);
    }
}
