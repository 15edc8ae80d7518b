package io.berth.events.state;

import io.berth.events.Json;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of a JSON value in a concurrent map (a Hazelcast {@code IMap} in production) by
 * compare-and-set, so two writers never lose each other's update. Works against any cluster because
 * no class has to be deployed to the members, unlike an entry processor.
 */
public final class JsonCas {

    /**
     * Applies {@code change} to the value under {@code key} until the swap succeeds.
     *
     * @return the value written, or empty if the key is absent or {@code change} returned null (nothing written)
     */
    public static <T> Optional<T> update(ConcurrentMap<String, String> map, String key, Class<T> type,
                                         UnaryOperator<T> change) {
        while (true) {
            String old = map.get(key);
            if (old == null) {
                return Optional.empty();
            }
            T next = change.apply(Json.read(old, type));
            if (next == null) {
                return Optional.empty();
            }
            String json = Json.write(next);
            if (json.equals(old) || map.replace(key, old, json)) {
                return Optional.of(next);
            }
        }
    }

    /** Reads and parses the value under {@code key}. */
    public static <T> Optional<T> get(ConcurrentMap<String, String> map, String key, Class<T> type) {
        String json = map.get(key);
        return json == null ? Optional.empty() : Optional.of(Json.read(json, type));
    }

    private JsonCas() {
    }
}
