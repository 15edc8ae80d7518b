package io.berth.gateway.events;

import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.FilterQuery;

import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of {@code GET /events} (map or list form, as for the container list): values of one key
 * are alternatives, every key must hold. Keys: {@code container} (id, id prefix or name), {@code image},
 * {@code event} (the action), {@code label} ({@code key} or {@code key=value}), {@code type}, {@code network} (a
 * network event's network; {@code container} matches its container).
 */
public final class EventFilters {
    private static final Set<String> KNOWN = Set.of("container", "image", "event", "label", "type", "network");
    private final Map<String, Set<String>> values;

    private EventFilters(Map<String, Set<String>> values) {
        this.values = values;
    }

    public static EventFilters parse(String query) {
        Map<String, Set<String>> values = FilterQuery.parse(query, KNOWN);
        return new EventFilters(values);
    }

    /** Whether a Docker event (as {@link DockerEvent} builds it) passes every filter. */
    @SuppressWarnings("unchecked")
    public boolean test(Map<String, Object> event) {
        Map<String, Object> actor = (Map<String, Object>) event.get("Actor");
        String id = String.valueOf(actor.get("ID"));
        Map<String, String> attributes = (Map<String, String>) actor.get("Attributes");
        boolean network = "network".equals(event.get("Type"));
        return holds("type", v -> v.equals(event.get("Type")))
                // dockerd: "health_status" also matches the action "health_status: healthy"
                && holds("event", v -> v.equals(event.get("Action")) || String.valueOf(event.get("Action")).startsWith(v + ": "))
                && holds("container", v -> network
                        ? String.valueOf(attributes.get("container")).startsWith(v)
                        : id.startsWith(v) || v.equals(attributes.get("name")) || ("/" + attributes.get("name")).equals(v))
                // a network event's actor is the network: by name, id or id prefix
                && holds("network", v -> network && (id.startsWith(v) || v.equals(attributes.get("name"))))
                && holds("image", v -> v.equals(attributes.get("image")) || (v + ":latest").equals(attributes.get("image"))
                        || v.equals(attributes.get("image") + ":latest"))
                && holds("label", v -> label(attributes, v));
    }

    private static boolean label(Map<String, String> attributes, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return attributes.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(attributes.get(filter.substring(0, eq)));
    }

    private boolean holds(String key, java.util.function.Predicate<String> match) {
        Set<String> wanted = values.get(key);
        return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(match);
    }
}
