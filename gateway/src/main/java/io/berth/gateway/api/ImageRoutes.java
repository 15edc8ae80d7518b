package io.berth.gateway.api;

import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.FilterQuery;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageNotFound;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ImageViews;
import io.berth.gateway.image.PullProgress;
import io.berth.gateway.image.PullRequest;
import io.berth.gateway.image.RegistryClient;
import io.berth.gateway.image.ResolvedImage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Images as the image store has them: pull (a check that it is there), inspect and list. */
public final class ImageRoutes {
    private static final Set<String> LIST_FILTERS = Set.of("before", "dangling", "label", "reference", "since",
            "until");
    private final RegistryClient registry;

    public ImageRoutes(RegistryClient registry) {
        this.registry = registry;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/images/create", this::pull)
                .add(HttpMethod.GET, "/images/json", this::list)
                .add(HttpMethod.GET, "/images/(.+)/json", this::inspect);
    }

    private Future<Void> pull(Exchange ex) {
        String from = ex.query("fromImage");
        if (from == null || from.isEmpty()) {
            throw ApiError.badRequest("Berth imports images through the image store; fromImage is required");
        }
        ImageRef ref = PullRequest.reference(from, ex.query("tag"));
        // errors must come before the 200: the CLI reads a plain error only then
        return registry.resolve(ref)
                .recover(e -> Future.failedFuture(e instanceof ImageNotFound
                        ? ApiError.notFound("pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': denied: requested access"
                        + " to the resource is denied") : e))
                .compose(image -> {
                    HttpServerResponse r = ex.response().setStatusCode(200).setChunked(true)
                            .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
                    for (Map<String, Object> message : PullProgress.upToDate(image)) {
                        r.write(DockerJson.write(message) + "\r\n");
                    }
                    return r.end();
                });
    }

    private Future<Void> inspect(Exchange ex) {
        String name = ex.param(0);
        return find(name).compose(image -> ex.json(200, ImageViews.inspect(image)));
    }

    /** By reference, else by image id ({@code sha256:…} or a hex prefix) through the catalog. */
    private Future<ResolvedImage> find(String name) {
        ApiError missing = ApiError.notFound("No such image: " + name);
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        if (hex.matches("[a-f0-9]{4,64}")) {
            return all().compose(images -> images.stream()
                    .filter(i -> i.configDigest().substring(7).startsWith(hex)).findFirst()
                    .map(Future::succeededFuture)
                    .orElseGet(() -> byReference(name, missing)));
        }
        return byReference(name, missing);
    }

    private Future<ResolvedImage> byReference(String name, ApiError missing) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(name);
        } catch (ApiError e) {
            return Future.failedFuture(missing);
        }
        return registry.resolve(ref).recover(e -> Future.failedFuture(e instanceof ImageNotFound ? missing : e));
    }

    private Future<Void> list(Exchange ex) {
        // the filters are not applied yet (one image store, few images), but a malformed one is still a 400
        FilterQuery.parse(ex.query("filters"), LIST_FILTERS);
        return summaries().compose(items -> ex.json(200, items));
    }

    /** {@code GET /images/json} items: one per image id, with all its tags. */
    public Future<List<Map<String, Object>>> summaries() {
        return all().map(images -> {
            Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
            for (ResolvedImage image : images) {
                Map<String, Object> item = byId.get(image.configDigest());
                if (item == null) {
                    byId.put(image.configDigest(), ImageViews.listItem(image));
                } else {
                    // one image, several tags: Docker lists it once
                    List<Object> tags = new ArrayList<>((List<?>) item.get("RepoTags"));
                    tags.addAll(ImageViews.listItem(image).get("RepoTags") instanceof List<?> l ? l : List.of());
                    item.put("RepoTags", tags);
                }
            }
            return (List<Map<String, Object>>) new ArrayList<>(byId.values());
        });
    }

    /** Every tagged image the store lists; repositories or tags that vanish meanwhile are skipped. */
    private Future<List<ResolvedImage>> all() {
        return registry.catalog().compose(repos -> {
            List<Future<List<ResolvedImage>>> perRepo = new ArrayList<>();
            for (String repo : repos) {
                perRepo.add(registry.tags(repo).compose(tags -> {
                    List<Future<ResolvedImage>> found = new ArrayList<>();
                    for (String tag : tags) {
                        found.add(registry.resolve(new ImageRef(ImageRef.DEFAULT_DOMAIN, repo, tag, null)));
                    }
                    return Future.join(found).transform(ar -> Future.succeededFuture(found.stream()
                            .filter(Future::succeeded).map(Future::result).toList()));
                }));
            }
            return Future.join(perRepo).transform(ar -> Future.succeededFuture(perRepo.stream()
                    .filter(Future::succeeded).flatMap(f -> f.result().stream()).toList()));
        });
    }
}
