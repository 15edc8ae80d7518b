package io.berth.imagestore.http;

import java.util.List;

/**
 * The {@code n} and {@code last} query parameters of tag and catalog lists: at most {@code n} names after
 * {@code last} in lexical order.
 *
 * @param n    the page size, or -1 for all
 * @param last the name to continue after, or null
 */
public record Page(int n, String last) {
    public static final Page ALL = new Page(-1, null);

    /** Parses the query values (either may be null); a bad {@code n} throws {@link IllegalArgumentException}. */
    public static Page parse(String n, String last) {
        int size = -1;
        if (n != null && !n.isEmpty()) {
            size = Integer.parseInt(n);
            if (size < 0) {
                throw new IllegalArgumentException("n must not be negative: " + n);
            }
        }
        return new Page(size, last == null || last.isEmpty() ? null : last);
    }

    /** The slice of {@code sorted} this page shows, and whether more follow. */
    public Slice apply(List<String> sorted) {
        List<String> after = last == null ? sorted : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
        if (n < 0 || after.size() <= n) {
            return new Slice(after, false);
        }
        return new Slice(after.subList(0, n), true);
    }

    /** One page of names; {@code more} means a Link header to the next page is due. */
    public record Slice(List<String> names, boolean more) {
        public String lastName() {
            return names.isEmpty() ? null : names.get(names.size() - 1);
        }
    }
}
