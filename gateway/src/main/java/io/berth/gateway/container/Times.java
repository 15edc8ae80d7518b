package io.berth.gateway.container;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 times as records hold them, and Docker's zero time for "never". */
public final class Times {
    public static final String UNSET = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);

    /** RFC 3339 with nanoseconds in UTC, Docker's {@code Created} format. */
    public static String format(Instant at) {
        return NANO.format(at);
    }

    /** The instant, or null for null, empty, unparseable and Docker's zero time. */
    public static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty() || rfc3339.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String orUnset(String rfc3339) {
        return parse(rfc3339) == null ? UNSET : rfc3339;
    }

    private Times() {
    }
}
