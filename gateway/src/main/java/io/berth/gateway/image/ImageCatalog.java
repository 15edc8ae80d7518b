package io.berth.gateway.image;

import io.berth.events.spec.Digest;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The images the store holds. One {@link ResolvedImage} per tag; an image with several tags appears once per tag.
 * With an {@link ImageFeed}, answered from the images this gateway keeps whenever the feed can vouch they hold
 * every change announced before the call; otherwise (and without a feed) read through the store's catalog, tag
 * lists and manifests, as the kept images are filled in the first place.
 */
public final class ImageCatalog {
    private final RegistryClient registry;
    private final ImageFeed feed;

    /** Always walks the registry. */
    public ImageCatalog(RegistryClient registry) {
        this(registry, null);
    }

    /** @param feed the kept images, or null to always walk */
    public ImageCatalog(RegistryClient registry, ImageFeed feed) {
        this.registry = registry;
        this.feed = feed;
    }

    private Future<Optional<KeptImages>> kept() {
        return feed == null ? Future.succeededFuture(Optional.empty()) : feed.current();
    }

    /** Every tagged image; repositories or tags that vanish meanwhile are skipped. */
    public Future<List<ResolvedImage>> all() {
        return kept().compose(kept -> kept.isPresent() ? Future.succeededFuture(kept.get().images()) : walkedImages());
    }

    private Future<List<ResolvedImage>> walkedImages() {
        return walk().map(tagged -> tagged.stream().map(KeptImages.Tagged::image).toList());
    }

    /** The image {@code ref} names (a container's create): kept if known, else read from the store. */
    public Future<ResolvedImage> resolve(ImageRef ref) {
        return kept().compose(kept -> kept.flatMap(k -> k.find(ref)).map(Future::succeededFuture)
                .orElseGet(() -> registry.resolve(ref)));
    }

    /** Every tag in the store, read through its catalog, tag lists and manifests. */
    Future<List<KeptImages.Tagged>> walk() {
        return registry.catalog().compose(repos -> {
            List<Future<List<KeptImages.Tagged>>> perRepo = new ArrayList<>();
            for (String repo : repos) {
                perRepo.add(registry.tags(repo).compose(tags -> {
                    List<Future<KeptImages.Tagged>> found = new ArrayList<>();
                    for (String tag : tags) {
                        found.add(registry.tagged(new ImageRef(ImageRef.DEFAULT_DOMAIN, repo, tag, null)));
                    }
                    return Future.join(found).transform(ar -> Future.succeededFuture(found.stream()
                            .filter(Future::succeeded).map(Future::result).toList()));
                }));
            }
            return Future.join(perRepo).transform(ar -> Future.succeededFuture(perRepo.stream()
                    .filter(Future::succeeded).flatMap(f -> f.result().stream()).toList()));
        });
    }

    /** What a name means: by reference when it parses and resolves, else by image ID ({@code sha256:…} or prefix). */
    public Future<Found> find(String name) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(name);
        } catch (ApiError e) {
            ref = null;
        }
        // dockerd names a missing reference with its tag filled in: "No such image: busybox:latest"
        ApiError missing = ApiError.notFound("No such image: " + (ref == null ? name : ref.familiar()));
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        boolean idLike = hex.matches("[a-f0-9]{4,64}");
        if (ref == null && !idLike) {
            return Future.failedFuture(missing);
        }
        ImageRef named = ref;
        return kept().compose(kept -> {
            // one view for the whole answer: kept when the feed vouches for it, else walked once, lazily
            AtomicReference<Future<List<ResolvedImage>>> walked = new AtomicReference<>();
            Supplier<Future<List<ResolvedImage>>> images = () -> kept.isPresent()
                    ? Future.succeededFuture(kept.get().images())
                    : walked.updateAndGet(w -> w != null ? w : walkedImages());
            Future<ResolvedImage> byRef = named == null ? Future.failedFuture(missing)
                    : kept.flatMap(k -> k.find(named)).map(Future::succeededFuture)
                    .orElseGet(() -> registry.resolve(named));
            return found(byRef, named, images, missing, idLike, hex);
        });
    }

    private Future<Found> found(Future<ResolvedImage> byRef, ImageRef named,
                                Supplier<Future<List<ResolvedImage>>> all, ApiError missing,
                                boolean idLike, String hex) {
        return byRef.compose(image -> all.get().map(images -> new Found(image, named, refsOf(images, image.configDigest()))),
                e -> {
                    if (!(e instanceof ImageNotFound) && !(e instanceof ApiError)) {
                        return Future.failedFuture(e);
                    }
                    if (!idLike) {
                        return Future.failedFuture(missing);
                    }
                    return all.get().compose(images -> images.stream()
                            .filter(i -> Digest.hexOf(i.configDigest()).startsWith(hex)).findFirst()
                            .map(i -> Future.succeededFuture(new Found(i, null, refsOf(images, i.configDigest()))))
                            .orElseGet(() -> Future.failedFuture(missing)));
                });
    }

    static List<ImageRef> refsOf(List<ResolvedImage> images, String imageId) {
        return images.stream().filter(i -> i.configDigest().equals(imageId)).map(ResolvedImage::ref)
                .filter(r -> !buildStep(r)).toList();
    }

    /** The repository where {@code docker build} keeps each step's image, tagged by its cache key. */
    public static final String BUILD_CACHE = "berth-build-cache";

    /**
     * Whether {@code ref} is a build step's cache tag: not a name anyone gave, so not listed as one (dockerd's
     * intermediate images, shown by {@code docker images -a} only).
     */
    public static boolean buildStep(ImageRef ref) {
        return ref.familiarName().equals(BUILD_CACHE);
    }

    /**
     * One image found by name.
     *
     * @param image the image (resolved through {@code named} or one of its tags)
     * @param named the reference typed, or null when found by ID
     * @param refs  every tag the image has in the store
     */
    public record Found(ResolvedImage image, ImageRef named, List<ImageRef> refs) {
        public List<String> repoTags() {
            return refs.stream().map(ImageRef::repoTag).toList();
        }
    }
}
