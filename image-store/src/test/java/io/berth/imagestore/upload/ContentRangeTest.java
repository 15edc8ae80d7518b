package io.berth.imagestore.upload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContentRangeTest {
    @Test
    void theSpecsFormAndTheHttpForm() {
        assertEquals(new ContentRange(0, 99), ContentRange.parse("0-99"));
        assertEquals(100, ContentRange.parse("0-99").length());
        assertEquals(new ContentRange(100, 199), ContentRange.parse("bytes 100-199/*"));
    }

    @Test
    void malformedIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ContentRange.parse("99"));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.parse("10-5"));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.parse("a-b"));
        assertThrows(IllegalArgumentException.class, () -> ContentRange.parse("-1-5"));
    }
}
