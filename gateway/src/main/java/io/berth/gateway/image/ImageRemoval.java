package io.berth.gateway.image;

import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code DELETE /images/{name}} does, decided as dockerd's {@code ImageDelete} decides it: untag a named
 * reference (refused while a container uses its only reference, unless forced); by ID untag every reference
 * and delete (refused for a running container always, for stopped ones or several references unless forced).
 * Pure: the route carries the plan out against the store.
 *
 * @param untag   references to remove from the store
 * @param delete  whether the image itself goes ({@code Deleted:})
 * @param records the response items, in dockerd's order
 */
public record ImageRemoval(List<ImageRef> untag, boolean delete, List<Map<String, String>> records) {

    /** A container that uses the image. */
    public record User(String containerId, boolean running) {
    }

    /**
     * @param typed    the argument as the user gave it (for messages)
     * @param named    the reference when typed as a name, null when typed as an image ID (prefix)
     * @param imageId  {@code sha256:…}
     * @param refs     every tag the image has
     */
    public static ImageRemoval decide(String typed, ImageRef named, String imageId, List<ImageRef> refs,
                                      boolean force, List<User> users) {
        List<ImageRef> untag = new ArrayList<>();
        List<Map<String, String>> records = new ArrayList<>();
        if (named != null) {
            if (!force && refs.size() <= 1 && !users.isEmpty()) {
                throw ApiError.conflict("conflict: unable to remove repository reference \"" + typed
                        + "\" (must force) - container " + shortId(users.get(0).containerId())
                        + " is using its referenced image " + shortId(imageId));
            }
            untag.add(named);
            records.add(Map.of("Untagged", named.familiar()));
            if (refs.size() > 1) {
                return new ImageRemoval(untag, false, records);
            }
            // the last reference went: the image follows unless a container holds it (then it stays, unlisted)
            boolean held = users.stream().anyMatch(u -> u.running() || !force);
            if (!held) {
                records.add(deleted(imageId));
            }
            return new ImageRemoval(untag, !held, records);
        }
        users.stream().filter(User::running).findFirst().ifPresent(u -> {
            throw conflict(imageId, true, "image is being used by running container " + shortId(u.containerId()));
        });
        if (!force) {
            if (refs.size() > 1) {
                throw conflict(imageId, false, "image is referenced in multiple repositories");
            }
            users.stream().findFirst().ifPresent(u -> {
                throw conflict(imageId, false, "image is being used by stopped container " + shortId(u.containerId()));
            });
        }
        for (ImageRef ref : refs) {
            untag.add(ref);
            records.add(Map.of("Untagged", ref.familiar()));
        }
        records.add(deleted(imageId));
        return new ImageRemoval(untag, true, records);
    }

    private static Map<String, String> deleted(String imageId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Deleted", imageId);
        return m;
    }

    private static ApiError conflict(String imageId, boolean hard, String why) {
        return ApiError.conflict("conflict: unable to delete " + shortId(imageId) + " ("
                + (hard ? "cannot be forced" : "must be forced") + ") - " + why);
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
