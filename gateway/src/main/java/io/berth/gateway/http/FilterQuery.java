package io.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter in both forms dockerd accepts: the CLI's map
 * ({@code {"label":{"a=b":true}}}) and docker-java's list ({@code {"label":["a=b"]}}), as key → values.
 */
public final class FilterQuery {

    /** Parses {@code query}; a key outside {@code known} or a malformed value is a 400 with dockerd's words. */
    public static Map<String, Set<String>> parse(String query, Set<String> known) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return values;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(query);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("invalid filter: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("invalid filter: not a JSON object: " + query);
        }
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String key = field.getKey();
            if (!known.contains(key)) {
                throw ApiError.badRequest("invalid filter '" + key + "'");
            }
            Set<String> set = values.computeIfAbsent(key, k -> new LinkedHashSet<>());
            JsonNode v = field.getValue();
            if (v.isArray()) {
                v.forEach(item -> set.add(item.asText()));
            } else if (v.isObject()) {
                v.fieldNames().forEachRemaining(set::add);
            } else {
                throw ApiError.badRequest("invalid filter '" + key + "': " + v);
            }
        }
        return values;
    }

    private FilterQuery() {
    }
}
