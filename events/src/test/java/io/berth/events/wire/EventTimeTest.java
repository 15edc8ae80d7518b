package io.berth.events.wire;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventTimeTest {
    @Test
    void timesAreReadAsTheGeneralParserReadsThem() {
        for (String t : List.of("2026-12-03T10:24:05Z", "2026-12-03T10:24:05.1Z", "2026-12-03T10:24:05.123456Z",
                "2026-12-03T10:24:05.123456789Z", "1999-01-31T23:59:59.000000001Z", "2026-12-03T10:24:05+02:00",
                "2026-12-03T10:24:05.5-01:30", "2026-12-03T10:24:05.Z")) {
            assertEquals(OffsetDateTime.parse(t), EventTime.parse(t), t);
        }
    }

    @Test
    void whatTheGeneralParserRefusesIsRefused() {
        for (String bad : List.of("2026-13-03T10:24:05Z", "2026-12-03T10:24:05.1234567890Z",
                "2026-12-0xT10:24:05Z")) {
            assertThrows(DateTimeParseException.class, () -> EventTime.parse(bad), bad);
        }
    }
}
