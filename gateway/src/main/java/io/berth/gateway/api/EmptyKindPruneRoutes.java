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
 * {@code POST /build/prune} for the kind Berth does not make yet: there is no build cache, so the prune truly finds
 * nothing ({@code docker system prune} calls it). When build arrives, its prune replaces the route here
 * ({@code /images/prune} is {@link ImageRemoveRoutes}, {@code /networks/prune} {@link NetworkRoutes}, volumes'
 * {@link VolumeRoutes}).
 */
public final class EmptyKindPruneRoutes {
    private static final Set<String> BUILD_PRUNE_FILTERS = Set.of("until", "id", "parent", "type", "description",
            "inuse", "shared", "private");

    public void register(Router router) {
        router.add(HttpMethod.POST, "/build/prune", ex -> {
                    FilterQuery.parse(ex.query("filters"), BUILD_PRUNE_FILTERS);
                    return ex.json(200, Map.of("CachesDeleted", List.of(), "SpaceReclaimed", 0));
                });
    }

}
