package io.berth.gateway.container;

import io.berth.gateway.http.ApiError;

import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Docker's order for finding a container by reference: the full id, then the name (with or without '/'),
 * then a unique id prefix. An ambiguous prefix is a 400, as in dockerd. The sources are functions so the
 * costly one (every id) is asked for only when the cheap ones miss.
 */
public final class ContainerLookup {

    /**
     * @param ref    what the client typed
     * @param exists whether a container has this exact id
     * @param byName name (without '/') → id, or null
     * @param allIds every container id
     * @return the container id
     */
    public static String resolve(String ref, Predicate<String> exists, Function<String, String> byName,
                                 Supplier<Collection<String>> allIds) {
        if (ref == null || ref.isEmpty()) {
            throw ApiError.noSuchContainer(ref == null ? "" : ref);
        }
        if (exists.test(ref)) {
            return ref;
        }
        String named = byName.apply(ContainerName.strip(ref));
        if (named != null && exists.test(named)) {
            return named;
        }
        String found = null;
        for (String id : allIds.get()) {
            if (id.startsWith(ref)) {
                if (found != null) {
                    throw ApiError.badRequest("multiple IDs found with provided prefix: " + ref);
                }
                found = id;
            }
        }
        if (found == null) {
            throw ApiError.noSuchContainer(ref);
        }
        return found;
    }

    private ContainerLookup() {
    }
}
