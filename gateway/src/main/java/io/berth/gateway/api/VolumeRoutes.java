package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.state.LocalDriverOptions;
import io.berth.events.state.VolumeRecord;
import io.berth.gateway.container.ContainerMounts;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.Times;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.volume.VolumeFilters;
import io.berth.gateway.volume.VolumeHome;
import io.berth.gateway.volume.VolumeStore;
import io.berth.gateway.volume.VolumeUse;
import io.berth.gateway.volume.VolumeViews;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /volumes}: create, list, inspect, remove, prune, with dockerd's words. The cluster's volumes are one
 * list, whichever node holds each; removal of a placed volume is finished by its node (see {@link VolumeStore}).
 */
public final class VolumeRoutes {
    private static final String NAME = "/volumes/{name}";
    /** A node quiet for longer takes no new volume (the scheduler's default TTL). */
    private static final long NODE_TTL_MILLIS = 10_000;
    /** How long a create waits for the chosen node to make the volume's directory. */
    private static final long MOUNTPOINT_WAIT_MILLIS = 5_000;
    private final SecureRandom random = new SecureRandom();
    private final VolumeStore volumes;
    private final ContainerStore containers;

    public VolumeRoutes(VolumeStore volumes, ContainerStore containers) {
        this.volumes = volumes;
        this.containers = containers;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/volumes/create", this::create)
                .add(HttpMethod.POST, "/volumes/prune", this::prune)
                .add(HttpMethod.GET, "/volumes", this::list)
                .add(HttpMethod.GET, NAME, this::inspect)
                .add(HttpMethod.DELETE, NAME, this::remove);
    }

    private Future<Void> create(Exchange ex) {
        return ex.body().compose(buf -> {
            JsonNode body = buf.length() == 0 ? Json.MAPPER.createObjectNode() : Json.read(buf.toString(), JsonNode.class);
            String driver = body.path("Driver").asText("");
            if (!driver.isEmpty() && !driver.equals("local")) {
                throw ApiError.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver
                        + "\" not found");
            }
            Map<String, String> options = new LinkedHashMap<>();
            body.path("DriverOpts").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
            try {
                LocalDriverOptions.parse(options); // the agent mounts them; refused here, by name, if it could not
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("create " + body.path("Name").asText("") + ": " + e.getMessage());
            }
            String name = body.path("Name").asText("");
            boolean anonymous = name.isEmpty();
            if (anonymous) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                name = HexFormat.of().formatHex(bytes);
            } else if (!ContainerMounts.VOLUME_NAME.matcher(name).matches()) {
                throw ApiError.badRequest("create " + name + ": \"" + name + "\" includes invalid characters for a "
                        + "local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass "
                        + "a host directory, use absolute path");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            VolumeRecord record = VolumeRecord.created(name, labels, Times.format(Instant.now()), anonymous)
                    .withOptions(options);
            String named = name;
            return containers.nodes().compose(nodes -> volumes.all().compose(all -> {
                // placed now, so the node makes its directory and inspect shows the Mountpoint at once
                VolumeRecord placed = VolumeHome.choose(nodes, all, System.currentTimeMillis(), NODE_TTL_MILLIS)
                        .map(record::placedOn).orElse(record);
                return volumes.create(placed);
            })).compose(v -> volumes.awaitMountpoint(named, MOUNTPOINT_WAIT_MILLIS))
                    .compose(v -> v.isPresent() ? ex.json(201, VolumeViews.of(v.get()))
                            : Future.failedFuture(ApiError.conflict("create " + named + ": removed meanwhile")));
        });
    }

    private Future<Void> list(Exchange ex) {
        VolumeFilters filters = VolumeFilters.forList(ex.query("filters"));
        return containers.all().compose(all -> volumes.all().compose(vs -> {
            List<Map<String, Object>> out = new ArrayList<>();
            vs.stream().filter(v -> !v.isRemoving())
                    .filter(v -> filters.selects(v, !VolumeUse.users(v.name(), all).isEmpty()))
                    .sorted(java.util.Comparator.comparing(VolumeRecord::name))
                    .forEach(v -> out.add(VolumeViews.of(v)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Volumes", out);
            body.put("Warnings", null);
            return ex.json(200, body);
        }));
    }

    private Future<Void> inspect(Exchange ex) {
        String name = ex.param("name");
        return volumes.get(name).compose(v -> v.filter(r -> !r.isRemoving()).isPresent()
                ? ex.json(200, VolumeViews.of(v.get()))
                : Future.failedFuture(noSuchVolume(name)));
    }

    private Future<Void> remove(Exchange ex) {
        String name = ex.param("name");
        return volumes.get(name).compose(v -> {
            if (v.isEmpty()) {
                return Future.failedFuture(noSuchVolume(name));
            }
            // dockerd refuses even with force=1 while a container (in any state) uses it
            return containers.all().compose(all -> {
                List<String> users = VolumeUse.users(name, all);
                if (!users.isEmpty()) {
                    return Future.failedFuture(ApiError.conflict("remove " + name + ": volume is in use - "
                            + users));
                }
                return volumes.remove(name).compose(gone -> gone ? ex.noContent()
                        : Future.failedFuture(ApiError.internal("remove " + name + ": node " + v.get().nodeId()
                        + " has not deleted the volume's data yet; it will when it runs")));
            });
        });
    }

    private Future<Void> prune(Exchange ex) {
        VolumeFilters filters = VolumeFilters.forPrune(ex.query("filters"));
        return containers.all().compose(all -> volumes.all().compose(vs -> {
            List<VolumeRecord> unused = vs.stream()
                    .filter(v -> !v.isRemoving() && (v.anonymous() || filters.pruneAll()))
                    .filter(v -> VolumeUse.users(v.name(), all).isEmpty())
                    .filter(v -> filters.selects(v, false))
                    .toList();
            List<String> deleted = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (VolumeRecord v : unused) {
                chain = chain.compose(x -> volumes.remove(v.name()).map(gone -> {
                    if (gone) {
                        deleted.add(v.name());
                    }
                    return null;
                }));
            }
            return chain.compose(x -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("VolumesDeleted", deleted);
                body.put("SpaceReclaimed", 0);
                return ex.json(200, body);
            });
        }));
    }

    /** Removes the anonymous volumes of a removed container ({@code rm -v}, {@code run --rm}). */
    private static ApiError noSuchVolume(String name) {
        return ApiError.notFound("get " + name + ": no such volume");
    }
}
