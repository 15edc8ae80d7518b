package io.berth.gateway.network;

import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.FilterQuery;

import io.berth.gateway.container.Times;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /networks?filters=} and {@code POST /networks/prune?filters=} with dockerd's rules: {@code name} a
 * substring, {@code id} a prefix, {@code label} a key or {@code key=value} (all must hold), {@code label!} must not
 * hold, {@code driver}, {@code type} ({@code custom}/{@code builtin}), {@code scope}, {@code dangling}.
 */
public record NetworkFilters(Map<String, Set<String>> values) {
    static final Set<String> LIST_KEYS = Set.of("name", "id", "label", "driver", "type", "scope", "dangling");
    static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "until");

    public static NetworkFilters forList(String query) {
        NetworkFilters f = new NetworkFilters(FilterQuery.parse(query, LIST_KEYS));
        for (String t : f.values.getOrDefault("type", Set.of())) {
            if (!t.equals("custom") && !t.equals("builtin")) {
                throw ApiError.badRequest("invalid filter: 'type'='" + t + "'");
            }
        }
        return f;
    }

    public static NetworkFilters forPrune(String query) {
        NetworkFilters f = new NetworkFilters(FilterQuery.parse(query, PRUNE_KEYS));
        f.values.getOrDefault("until", Set.of()).forEach(u -> until(u, Instant.now()));
        return f;
    }

    /** {@code inUse}: a running container is on it. */
    public boolean selects(String name, String id, String driver, boolean builtIn, Map<String, String> labels,
                           boolean inUse) {
        for (String n : values.getOrDefault("name", Set.of())) {
            if (!name.contains(n)) {
                return false;
            }
        }
        Set<String> ids = values.getOrDefault("id", Set.of());
        if (!ids.isEmpty() && ids.stream().noneMatch(id::startsWith)) {
            return false;
        }
        Set<String> drivers = values.getOrDefault("driver", Set.of());
        if (!drivers.isEmpty() && !drivers.contains(driver)) {
            return false;
        }
        Set<String> types = values.getOrDefault("type", Set.of());
        if (!types.isEmpty() && !types.contains(builtIn ? "builtin" : "custom")) {
            return false;
        }
        Set<String> scopes = values.getOrDefault("scope", Set.of());
        if (!scopes.isEmpty() && !scopes.contains("local")) {
            return false;
        }
        for (String d : values.getOrDefault("dangling", Set.of())) {
            boolean wantDangling = d.equals("true") || d.equals("1");
            if (wantDangling == (inUse || builtIn)) {
                return false;
            }
        }
        for (String want : values.getOrDefault("label", Set.of())) {
            if (!hasLabel(labels, want)) {
                return false;
            }
        }
        for (String not : values.getOrDefault("label!", Set.of())) {
            if (hasLabel(labels, not)) {
                return false;
            }
        }
        return true;
    }

    /** Prune's {@code until}: only networks created before it (a time, unix seconds, or a Go duration ago). */
    public boolean createdBefore(String created, Instant now) {
        for (String u : values.getOrDefault("until", Set.of())) {
            if (!Times.parse(created).isBefore(until(u, now))) {
                return false;
            }
        }
        return true;
    }

    private static Instant until(String u, Instant now) {
        try {
            if (u.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli((long) (Double.parseDouble(u) * 1000));
            }
            if (u.matches("(\\d+[hms])+")) {
                return now.minus(Duration.parse("PT" + u.toUpperCase()));
            }
            return Times.parse(u);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("invalid filter 'until=" + u + "'");
        }
    }

    private static boolean hasLabel(Map<String, String> labels, String want) {
        int eq = want.indexOf('=');
        return eq < 0 ? labels.containsKey(want) : want.substring(eq + 1).equals(labels.get(want.substring(0, eq)));
    }
}
