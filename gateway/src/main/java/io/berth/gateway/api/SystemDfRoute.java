package io.berth.gateway.api;

import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.ListFilters;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.container.ContainerSizes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /system/df} ({@code docker system df}): images with how many containers use each, every container
 * with its writable-layer size as the nodes measure it, and no volumes or build cache (Berth has neither yet).
 */
public final class SystemDfRoute {
    private final ContainerStore store;
    private final ContainerSizes sizes;
    private final ImageRoutes images;

    public SystemDfRoute(ContainerStore store, ContainerSizes sizes, ImageRoutes images) {
        this.store = store;
        this.sizes = sizes;
        this.images = images;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/system/df", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        return store.all().compose(records -> {
            List<Map<String, Object>> containers = ContainerQueryRoutes.select(records, ListFilters.parse(null),
                    true, -1, true, Instant.now());
            return sizes.fill(records, containers).compose(filled -> images.summaries().compose(list -> {
                long layers = 0;
                for (Map<String, Object> image : list) {
                    Object id = image.get("Id");
                    image.put("Containers", records.stream().filter(r -> id.equals(r.spec().imageId())).count());
                    image.put("SharedSize", 0);
                    layers += image.get("Size") instanceof Number n ? n.longValue() : 0;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("LayersSize", layers);
                body.put("Images", list);
                body.put("Containers", filled);
                body.put("Volumes", List.of());
                body.put("BuildCache", List.of());
                return ex.json(200, body);
            }));
        });
    }
}
