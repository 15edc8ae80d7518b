package io.berth.gateway.image;

import io.berth.gateway.http.FilterQuery;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /images/json?filters=}: {@code reference} (a glob on {@code name} or {@code name:tag}, as dockerd
 * matches with path.Match), {@code dangling} (Berth's store lists only tagged images, so {@code true} matches
 * none), {@code label} ({@code key} or {@code key=value}).
 */
public final class ImageListFilters {
    private static final Set<String> KNOWN = Set.of("reference", "dangling", "label", "before", "since", "until");
    private final Map<String, Set<String>> filters;

    private ImageListFilters(Map<String, Set<String>> filters) {
        this.filters = filters;
    }

    public static ImageListFilters parse(String query) {
        return new ImageListFilters(FilterQuery.parse(query, KNOWN));
    }

    public boolean matches(ResolvedImage image) {
        Set<String> dangling = filters.getOrDefault("dangling", Set.of());
        if (dangling.contains("true") || dangling.contains("1")) {
            return false;
        }
        Set<String> references = filters.getOrDefault("reference", Set.of());
        if (!references.isEmpty() && references.stream().noneMatch(p -> referenceMatches(p, image.ref()))) {
            return false;
        }
        for (String label : filters.getOrDefault("label", Set.of())) {
            int eq = label.indexOf('=');
            Map<String, String> labels = image.config().labels();
            boolean ok = eq < 0 ? labels.containsKey(label)
                    : label.substring(eq + 1).equals(labels.get(label.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean referenceMatches(String pattern, ImageRef ref) {
        Pattern glob = glob(pattern);
        return glob.matcher(ref.familiarName()).matches() || (ref.tag() != null
                && glob.matcher(ref.familiarName() + ":" + ref.tag()).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
