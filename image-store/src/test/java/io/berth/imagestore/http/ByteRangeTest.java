package io.berth.imagestore.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {
    @Test
    void theThreeFormsOfOneRange() {
        assertEquals(Optional.of(new ByteRange(10, 5)), ByteRange.resolve("bytes=10-14", 100));
        assertEquals(Optional.of(new ByteRange(90, 10)), ByteRange.resolve("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(80, 20)), ByteRange.resolve("bytes=-20", 100));
        assertEquals(Optional.of(new ByteRange(0, 100)), ByteRange.resolve("bytes=-500", 100));
        assertEquals(Optional.of(new ByteRange(95, 5)), ByteRange.resolve("bytes=95-1000", 100));
        assertEquals("bytes 10-14/100", new ByteRange(10, 5).contentRange(100));
    }

    @Test
    void wholeBlobWhenAbsentOrNotServed() {
        assertEquals(Optional.empty(), ByteRange.resolve(null, 100));
        assertEquals(Optional.empty(), ByteRange.resolve("bytes=0-1,5-6", 100));
        assertEquals(Optional.empty(), ByteRange.resolve("items=0-1", 100));
    }

    @Test
    void outsideTheBlobIsUnsatisfiable() {
        assertThrows(IllegalArgumentException.class, () -> ByteRange.resolve("bytes=100-", 100));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.resolve("bytes=5-2", 100));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.resolve("bytes=-0", 100));
    }
}
