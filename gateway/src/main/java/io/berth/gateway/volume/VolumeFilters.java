package io.berth.gateway.volume;

import io.berth.events.state.VolumeRecord;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.FilterQuery;

import java.util.Map;
import java.util.Set;

/**
 * {@code GET /volumes?filters=} and {@code POST /volumes/prune?filters=} with dockerd's rules: {@code name} matches
 * a substring, {@code label} (every one must hold) a key or {@code key=value}, {@code label!} must not hold,
 * {@code dangling} selects volumes no container uses (or only used ones), {@code driver} the driver;
 * prune's {@code all} widens it from anonymous volumes to every unused one.
 */
public record VolumeFilters(Map<String, Set<String>> values) {
    static final Set<String> LIST_KEYS = Set.of("name", "label", "dangling", "driver");
    static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

    public static VolumeFilters forList(String query) {
        return check(FilterQuery.parse(query, LIST_KEYS));
    }

    public static VolumeFilters forPrune(String query) {
        return check(FilterQuery.parse(query, PRUNE_KEYS));
    }

    private static VolumeFilters check(Map<String, Set<String>> values) {
        for (String key : new String[]{"dangling", "all"}) {
            for (String v : values.getOrDefault(key, Set.of())) {
                if (!Set.of("true", "false", "1", "0").contains(v)) {
                    throw ApiError.badRequest("invalid filter '" + key + "=" + v + "'");
                }
            }
        }
        return new VolumeFilters(values);
    }

    /** {@code inUse}: some container mounts it. */
    public boolean selects(VolumeRecord v, boolean inUse) {
        for (String name : values.getOrDefault("name", Set.of())) {
            if (!v.name().contains(name)) {
                return false;
            }
        }
        Set<String> drivers = values.getOrDefault("driver", Set.of());
        if (!drivers.isEmpty() && !drivers.contains(v.driver())) {
            return false;
        }
        for (String d : values.getOrDefault("dangling", Set.of())) {
            if (truth(d) == inUse) {
                return false;
            }
        }
        for (String want : values.getOrDefault("label", Set.of())) {
            if (!hasLabel(v, want)) {
                return false;
            }
        }
        for (String not : values.getOrDefault("label!", Set.of())) {
            if (hasLabel(v, not)) {
                return false;
            }
        }
        return true;
    }

    /** Prune without {@code all=true} takes only anonymous volumes (API 1.42 on). */
    public boolean pruneAll() {
        return values.getOrDefault("all", Set.of()).stream().anyMatch(VolumeFilters::truth);
    }

    private static boolean hasLabel(VolumeRecord v, String want) {
        int eq = want.indexOf('=');
        return eq < 0 ? v.labels().containsKey(want) : want.substring(eq + 1).equals(v.labels().get(want.substring(0, eq)));
    }

    private static boolean truth(String s) {
        return s.equals("true") || s.equals("1");
    }
}
