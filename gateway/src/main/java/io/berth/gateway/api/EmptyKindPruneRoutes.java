package io.berth.gateway.api;

import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.FilterQuery;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /networks/prune}, {@code /volumes/prune}, {@code /images/prune} and {@code /build/prune} for the
 * kinds Berth does not make yet: there are no user networks, volumes or build cache, and the image store holds
 * no dangling (untagged) image, so each prune truly finds nothing. Testcontainers calls the first three when its
 * JVM exits and fails on a 404; {@code docker system prune} calls all four. When networks, volumes, untagging or
 * builds arrive, their prune replaces the matching route here.
 */
public final class EmptyKindPruneRoutes {
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "until", "dangling", "all");
    private static final Set<String> BUILD_PRUNE_FILTERS = Set.of("until", "id", "parent", "type", "description",
            "inuse", "shared", "private");

    public void register(Router router) {
        router.add(HttpMethod.POST, "/networks/prune", ex -> answer(ex, "NetworksDeleted", false))
                .add(HttpMethod.POST, "/volumes/prune", ex -> answer(ex, "VolumesDeleted", true))
                .add(HttpMethod.POST, "/images/prune", ex -> answer(ex, "ImagesDeleted", true))
                .add(HttpMethod.POST, "/build/prune", ex -> {
                    FilterQuery.parse(ex.query("filters"), BUILD_PRUNE_FILTERS);
                    return ex.json(200, Map.of("CachesDeleted", List.of(), "SpaceReclaimed", 0));
                });
    }

    private static Future<Void> answer(Exchange ex, String listName, boolean reclaims) {
        FilterQuery.parse(ex.query("filters"), PRUNE_FILTERS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(listName, List.of());
        if (reclaims) {
            body.put("SpaceReclaimed", 0);
        }
        return ex.json(200, body);
    }
}
