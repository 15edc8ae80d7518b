package io.berth.gateway.events;

import io.berth.gateway.http.ApiError;

import java.math.BigDecimal;

/**
 * The {@code since} and {@code until} of {@code GET /events}: unix seconds with an optional fraction, as the CLI
 * sends them (it turns {@code 10m} or a date into a timestamp itself). No {@code since}: live events only;
 * no {@code until}: never ends.
 */
public record EventWindow(long sinceNanos, long untilNanos) {
    public static final long OPEN = Long.MAX_VALUE;
    public static final long LIVE = -1;

    public static EventWindow parse(String since, String until) {
        return new EventWindow(blank(since) ? LIVE : nanos("since", since), blank(until) ? OPEN : nanos("until", until));
    }

    /** Whether stored events must be replayed. */
    public boolean replays() {
        return sinceNanos != LIVE;
    }

    public boolean bounded() {
        return untilNanos != OPEN;
    }

    public boolean contains(long timeNanos) {
        return (sinceNanos == LIVE || timeNanos >= sinceNanos) && timeNanos <= untilNanos;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static long nanos(String name, String value) {
        try {
            return new BigDecimal(value.trim()).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiError.badRequest("invalid value for " + name + ": " + value);
        }
    }
}
