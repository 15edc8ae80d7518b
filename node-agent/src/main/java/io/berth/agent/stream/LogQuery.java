package io.berth.agent.stream;

import io.vertx.core.MultiMap;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * What a logs or attach request asks for, parsed once from Docker's query parameters.
 *
 * @param tail  how many of the last matching lines to send first, -1 for all
 * @param since lines at or after this time only (null: no bound)
 * @param until lines at or before this time only (null: no bound)
 */
public record LogQuery(boolean stdout, boolean stderr, boolean follow, int tail, boolean timestamps, Instant since,
                       Instant until) {
    private static final Set<String> FALSE = Set.of("", "0", "no", "false", "none");

    /** Parses the query; an invalid value is an {@link IllegalArgumentException} naming it. */
    public static LogQuery parse(MultiMap params) {
        return new LogQuery(flag(params.get("stdout")), flag(params.get("stderr")), flag(params.get("follow")),
                tail(params.get("tail")), flag(params.get("timestamps")), unixTime("since", params.get("since")),
                unixTime("until", params.get("until")));
    }

    public boolean accepts(LogLine line) {
        boolean wanted = line.stream() == LogLine.Stream.STDOUT ? stdout : stderr;
        return wanted && (since == null || !line.time().isBefore(since))
                && (until == null || !line.time().isAfter(until));
    }

    static boolean flag(String value) {
        return value != null && !FALSE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    static int tail(String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for tail: " + value);
        }
    }

    /** Docker's {@code secs[.nanos]}; 0 or absent means no bound (docker-java always sends since=0). */
    static Instant unixTime(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            if (seconds.signum() == 0) {
                return null;
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid value for " + name + ": " + value);
        }
    }
}
