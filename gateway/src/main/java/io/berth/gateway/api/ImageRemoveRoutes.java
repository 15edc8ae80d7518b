package io.berth.gateway.api;

import io.berth.events.state.ContainerRecord;
import io.berth.events.ContainerState;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.FilterQuery;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ImageRemoval;
import io.berth.gateway.image.RegistryWriteClient;
import io.berth.gateway.image.ResolvedImage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker rmi} and {@code docker image prune}. An untag is a tag DELETE in the store; deleting the image
 * removes its manifest by digest from every repository that held it (the store's garbage collection then frees
 * blobs no manifest references). Containers using an image are read from the containers map.
 */
public final class ImageRemoveRoutes {
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "until", "dangling", "all");
    private final ImageCatalog catalog;
    private final RegistryWriteClient writes;
    private final ContainerStore containers;

    public ImageRemoveRoutes(ImageCatalog catalog, RegistryWriteClient writes, ContainerStore containers) {
        this.catalog = catalog;
        this.writes = writes;
        this.containers = containers;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/images/prune", this::prune)
                .add(HttpMethod.DELETE, "/images/{name*}", this::remove);
    }

    private Future<Void> remove(Exchange ex) {
        String name = ex.param("name");
        boolean force = ex.flag("force");
        return catalog.find(name).compose(found -> users(found.image().configDigest()).compose(users -> {
            ImageRemoval plan = ImageRemoval.decide(name, found.named(), found.image().configDigest(), found.refs(),
                    force, users);
            return carryOut(plan, found.image()).compose(v -> ex.json(200, plan.records()));
        }));
    }

    private Future<Void> carryOut(ImageRemoval plan, ResolvedImage image) {
        Future<Void> done = Future.succeededFuture();
        Set<String> repositories = new LinkedHashSet<>();
        for (ImageRef ref : plan.untag()) {
            repositories.add(ref.repository());
            done = done.compose(v -> writes.deleteManifest(ref.repository(), ref.tag()).mapEmpty());
        }
        if (plan.delete()) {
            repositories.add(image.ref().repository());
            for (String repository : repositories) {
                // a repository may hold the manifest under no tag any more: 404 is fine
                done = done.compose(v -> writes.deleteManifest(repository, image.manifestDigest()).mapEmpty());
            }
        }
        return done;
    }

    private Future<List<ImageRemoval.User>> users(String imageId) {
        return containers.all().map(records -> records.stream()
                .filter(r -> r.spec() != null && imageId.equals(r.spec().imageId()))
                .map(r -> new ImageRemoval.User(r.id(), running(r))).toList());
    }

    private static boolean running(ContainerRecord r) {
        return r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED
                || r.status() == ContainerState.RESTARTING;
    }

    /**
     * Dangling images (the default) are never listed by the store, so only {@code dangling=false} ({@code -a})
     * finds anything: every image no container uses, minus what the label and until filters keep.
     */
    private Future<Void> prune(Exchange ex) {
        Map<String, Set<String>> filters = FilterQuery.parse(ex.query("filters"), PRUNE_FILTERS);
        Set<String> dangling = filters.getOrDefault("dangling", Set.of("true"));
        boolean all = dangling.contains("false") || dangling.contains("0");
        Future<List<ResolvedImage>> candidates = all ? catalog.all() : Future.succeededFuture(List.of());
        return candidates.compose(images -> containers.all().compose(records -> {
            Set<String> used = new LinkedHashSet<>();
            records.forEach(r -> {
                if (r.spec() != null) {
                    used.add(r.spec().imageId());
                }
            });
            Map<String, List<ResolvedImage>> byId = new LinkedHashMap<>();
            for (ResolvedImage image : images) {
                if (!used.contains(image.configDigest()) && keeps(filters, image)) {
                    byId.computeIfAbsent(image.configDigest(), k -> new ArrayList<>()).add(image);
                }
            }
            List<Map<String, String>> deleted = new ArrayList<>();
            long[] reclaimed = {0};
            Future<Void> done = Future.succeededFuture();
            for (List<ResolvedImage> tagged : byId.values()) {
                ResolvedImage image = tagged.get(0);
                List<ImageRef> refs = tagged.stream().map(ResolvedImage::ref).toList();
                ImageRemoval plan = ImageRemoval.decide(image.configDigest(), null, image.configDigest(), refs, true,
                        List.of());
                done = done.compose(v -> carryOut(plan, image)).map(v -> {
                    deleted.addAll(plan.records());
                    reclaimed[0] += image.size();
                    return null;
                });
            }
            return done.compose(v -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ImagesDeleted", deleted.isEmpty() ? null : deleted);
                body.put("SpaceReclaimed", reclaimed[0]);
                return ex.json(200, body);
            });
        }));
    }

    private static boolean keeps(Map<String, Set<String>> filters, ResolvedImage image) {
        Map<String, String> labels = image.config().labels();
        for (String label : filters.getOrDefault("label", Set.of())) {
            if (!labelMatches(label, labels)) {
                return false;
            }
        }
        for (String label : filters.getOrDefault("label!", Set.of())) {
            if (labelMatches(label, labels)) {
                return false;
            }
        }
        for (String until : filters.getOrDefault("until", Set.of())) {
            Instant limit = untilInstant(until);
            if (image.created() != null && !Instant.parse(image.created()).isBefore(limit)) {
                return false;
            }
        }
        return true;
    }

    /** {@code until}: unix seconds, RFC 3339, or a Go duration ago ({@code 24h}, {@code 10m}, {@code 30s}). */
    static Instant untilInstant(String until) {
        String u = until.trim();
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("(\\d+)([hms])").matcher(u);
        if (d.matches()) {
            long n = Long.parseLong(d.group(1));
            long seconds = switch (d.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
            return Instant.now().minusSeconds(seconds);
        }
        try {
            return u.matches("\\d+(\\.\\d+)?") ? Instant.ofEpochSecond((long) Double.parseDouble(u)) : Instant.parse(u);
        } catch (java.time.format.DateTimeParseException e) {
            throw io.berth.gateway.http.ApiError.badRequest("invalid until filter: " + until);
        }
    }

    private static boolean labelMatches(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
