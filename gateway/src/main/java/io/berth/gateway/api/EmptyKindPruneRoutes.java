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
 * {@code POST /networks/prune} and {@code /build/prune} for the kinds Berth does not make
 * yet: there are no user networks or build cache, so each prune truly finds nothing. Testcontainers calls
 * network and volume prune ({@link VolumeRoutes}) when its JVM exits and fails on a 404; {@code docker system prune}
 * calls all three. When one of
 * these kinds arrives, its prune replaces the matching route here ({@code /images/prune} is {@link ImageRemoveRoutes}).
 */
public final class EmptyKindPruneRoutes {
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "until", "dangling", "all");
    private static final Set<String> BUILD_PRUNE_FILTERS = Set.of("until", "id", "parent", "type", "description",
            "inuse", "shared", "private");

    public void register(Router router) {
        router.add(HttpMethod.POST, "/networks/prune", ex -> answer(ex, "NetworksDeleted", false))
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
