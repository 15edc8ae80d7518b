package io.berth.gateway.http;

import java.util.Locale;
import java.util.Set;

/** Docker's query booleans: the CLI sends {@code 1}, docker-java {@code true}. */
public final class QueryFlags {
    private static final Set<String> FALSE = Set.of("", "0", "no", "false", "none");

    public static boolean isTrue(String value) {
        return value != null && !FALSE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private QueryFlags() {
    }
}
