package io.berth.gateway.api;

import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.gateway.container.ContainerSizes;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.ContainerViews;
import io.berth.gateway.container.ListFilters;
import io.berth.gateway.container.Times;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import io.berth.gateway.volume.VolumeStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code GET /containers/json} and {@code GET /containers/{id}/json}, answered from the containers map. */
public final class ContainerQueryRoutes {
    private final ContainerStore store;
    private final ContainerSizes sizes;
    private final VolumeStore volumes;

    public ContainerQueryRoutes(ContainerStore store, ContainerSizes sizes, VolumeStore volumes) {
        this.volumes = volumes;
        this.store = store;
        this.sizes = sizes;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/containers/json", this::list)
                .add(HttpMethod.GET, "/containers/{id}/json", this::inspect);
    }

    public Future<Void> list(Exchange ex) {
        ListFilters filters = ListFilters.parse(ex.query("filters"));
        boolean all = ex.flag("all");
        int limit = ex.integer("limit", -1);
        boolean size = ex.flag("size");
        if (!size) {
            Instant now = Instant.now();
            return store.listing((records, endpoints) -> DockerJson.write(select(records, endpoints, filters, all, limit,
                    false, now))).compose(json -> ex.encodedJson(200, json));
        }
        return store.all().compose(records -> store.endpointsByContainer().compose(endpoints -> {
            List<Map<String, Object>> items = select(records, endpoints, filters, all, limit, size, Instant.now());
            return (size ? sizes.fill(records, items) : Future.succeededFuture(items)).compose(i -> ex.json(200, i));
        }));
    }

    static List<Map<String, Object>> select(List<ContainerRecord> records, ListFilters filters, boolean all,
                                            int limit, boolean size, Instant now) {
        return select(records, Map.of(), filters, all, limit, size, now);
    }

    static List<Map<String, Object>> select(List<ContainerRecord> records, Map<String, List<EndpointRecord>> endpoints,
                                            ListFilters filters, boolean all, int limit, boolean size, Instant now) {
        boolean stoppedToo = all || limit > 0 || filters.mentionsStopped();
        // newest first; each creation time parsed once, not at every comparison of the sort
        return records.stream()
                .filter(r -> stoppedToo || ContainerLifecycleRoutes.running(r))
                .filter(filters::matches)
                .map(r -> Map.entry(created(r), r))
                .sorted(Map.Entry.<Instant, ContainerRecord>comparingByKey().reversed())
                .map(Map.Entry::getValue)
                .limit(limit > 0 ? limit : Long.MAX_VALUE)
                .map(r -> ContainerViews.listItem(r, endpoints.getOrDefault(r.id(), List.of()), now))
                .map(item -> size ? ContainerViews.withSizes(item) : item)
                .toList();
    }

    private static Instant created(ContainerRecord r) {
        Instant at = Times.parse(r.createdAt());
        return at == null ? Instant.EPOCH : at;
    }

    public Future<Void> inspect(Exchange ex) {
        return store.find(ex.param("id")).compose(r -> store.node(r.nodeId())
                .compose(node -> store.endpointsOf(r.id())
                        .compose(eps -> mountpoints(r).compose(mp -> ex.json(200,
                                ContainerViews.inspect(r, node.orElse(null), eps, mp))))));
    }

    /** Where each volume of the container lives on its node, for {@code Mounts[].Source}. */
    private Future<Map<String, String>> mountpoints(ContainerRecord r) {
        if (r.spec() == null || r.spec().mounts().stream().noneMatch(m -> "volume".equals(m.type()))) {
            return Future.succeededFuture(Map.of());
        }
        return volumes.all().map(all -> {
            Map<String, String> out = new java.util.HashMap<>();
            all.stream().filter(v -> v.mountpoint() != null).forEach(v -> out.put(v.name(), v.mountpoint()));
            return out;
        });
    }
}
