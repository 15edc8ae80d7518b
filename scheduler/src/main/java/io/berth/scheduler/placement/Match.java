package io.berth.scheduler.placement;

import java.util.regex.Pattern;

/**
 * The right-hand side of a rule: {@code ==value} or {@code !=value}, where the value may hold {@code *}
 * wildcards (as classic Swarm's globs) and compares case-sensitively.
 */
public record Match(boolean equal, String value) {

    /** Whether {@code actual} (null when the node or container has no such attribute) satisfies this match. */
    public boolean test(String actual) {
        boolean same = actual != null && (value.contains("*") ? glob().matcher(actual).matches() : value.equals(actual));
        return same == equal;
    }

    /** {@code ==} or {@code !=}. */
    public String operator() {
        return equal ? "==" : "!=";
    }

    private Pattern glob() {
        StringBuilder regex = new StringBuilder();
        for (String part : value.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
