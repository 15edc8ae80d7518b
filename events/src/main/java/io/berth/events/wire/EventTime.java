package io.berth.events.wire;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A CloudEvents {@code time} attribute read back, fast in the one form Berth's emitters write. */
final class EventTime {
    private EventTime() {
    }

    /**
     * {@link OffsetDateTime#parse} of a CloudEvents time, read directly in the form Berth's emitters write (UTC,
     * {@code 2026-12-03T10:24:05.123456Z}): the general parser was a fifth of a replay's reading.
     */
    static OffsetDateTime parse(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 20 && s.charAt(19) != '.')) {
            return OffsetDateTime.parse(s);
        }
        try {
            int nanos = 0;
            for (int i = 20; i < 29; i++) {
                nanos = nanos * 10 + (i < n - 1 ? digit(s, i) : 0);
            }
            return OffsetDateTime.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10), number(s, 11, 13),
                    number(s, 14, 16), number(s, 17, 19), nanos, ZoneOffset.UTC);
        } catch (DateTimeException | NumberFormatException e) {
            return OffsetDateTime.parse(s); // the general parser's answer, or its error
        }
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + digit(s, i);
        }
        return v;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
            throw new NumberFormatException(s);
        }
        return c - '0';
    }
}
