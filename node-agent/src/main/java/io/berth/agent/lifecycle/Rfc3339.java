package io.berth.agent.lifecycle;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Times as the records carry them: RFC 3339 in UTC with up to nanoseconds, as Docker's inspect prints. */
public final class Rfc3339 {
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private Rfc3339() {
    }
}
