package io.berth.imagestore.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeats() {
        Page.Slice first = Page.parse("2", null).apply(NAMES);
        assertEquals(List.of("a", "b"), first.names());
        assertTrue(first.more());
        Page.Slice second = Page.parse("2", first.lastName()).apply(NAMES);
        assertEquals(List.of("c", "d"), second.names());
        Page.Slice third = Page.parse("2", second.lastName()).apply(NAMES);
        assertEquals(List.of("e"), third.names());
        assertFalse(third.more());
    }

    @Test
    void noLimitAndLastBeyondTheEnd() {
        assertEquals(NAMES, Page.parse(null, null).apply(NAMES).names());
        assertEquals(List.of("d", "e"), Page.parse(null, "c").apply(NAMES).names());
        assertEquals(List.of(), Page.parse("3", "z").apply(NAMES).names());
        assertFalse(Page.parse("5", null).apply(NAMES).more());
        assertEquals(List.of(), Page.parse("0", null).apply(NAMES).names());
    }

    @Test
    void aBadNumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Page.parse("-1", null));
        assertThrows(IllegalArgumentException.class, () -> Page.parse("ten", null));
    }
}
