package io.berth.gateway.image;

import io.berth.events.image.ImageChanged;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's tagged images as this gateway keeps them: filled from one walk of the registry, then changed only by
 * the image store's announcements ({@link ImageChanged}). Listed in the walk's order (repositories, then tags,
 * sorted). Written by one thread (the feed), read by any: every method is synchronized, and the I/O an
 * announcement needs (reading a manifest pushed for the first time) happens outside the lock.
 */
public final class KeptImages {
    /**
     * One tag.
     *
     * @param digest what the tag points at: the manifest's digest, or an index's own digest for a multi-platform
     *               image (then {@code image.manifestDigest()} is the linux/amd64 child's)
     * @param image  the image, its ref being {@code repository:tag}
     */
    public record Tagged(String digest, ResolvedImage image) {
    }

    /** Reads a manifest the keeper has not seen yet. Blocking. */
    public interface Manifests {
        /** The image {@code repository@digest}, with {@code ref} as its reference; empty when the store lacks it. */
        Optional<ResolvedImage> read(ImageRef ref);
    }

    private final TreeMap<String, TreeMap<String, Tagged>> repositories = new TreeMap<>();

    /** Forgets everything and keeps {@code tagged} (a walk's result). */
    public synchronized void replace(Collection<Tagged> tagged) {
        repositories.clear();
        tagged.forEach(this::put);
    }

    /**
     * Applies one announcement. A push of a digest already kept under another tag reuses that image; a new one
     * is read through {@code manifests} (a manifest gone by then is as good as removed: a later announcement
     * says so too).
     */
    public void apply(ImageChanged change, Manifests manifests) {
        if (!change.removed()) {
            if (change.tag() == null) {
                return; // pushed by digest only: Berth lists tagged images only
            }
            ImageRef ref = new ImageRef(ImageRef.DEFAULT_DOMAIN, change.repository(), change.tag(), null);
            Optional<ResolvedImage> known = kept(change.digest());
            Optional<ResolvedImage> image = known.isPresent() ? known.map(i -> withRef(i, ref))
                    : manifests.read(new ImageRef(ImageRef.DEFAULT_DOMAIN, change.repository(), change.tag(),
                    change.digest())).map(i -> withRef(i, ref));
            synchronized (this) {
                if (image.isPresent()) {
                    put(new Tagged(change.digest(), image.get()));
                } else {
                    untag(change.repository(), change.tag());
                }
            }
        } else if (change.tag() != null) {
            synchronized (this) {
                untag(change.repository(), change.tag());
            }
        } else {
            synchronized (this) {
                Map<String, Tagged> tags = repositories.get(change.repository());
                if (tags != null) {
                    tags.values().removeIf(t -> t.digest().equals(change.digest())
                            || t.image().manifestDigest().equals(change.digest()));
                    if (tags.isEmpty()) {
                        repositories.remove(change.repository());
                    }
                }
            }
        }
    }

    /** Every tagged image, one per tag. */
    public synchronized List<ResolvedImage> images() {
        List<ResolvedImage> out = new ArrayList<>();
        repositories.values().forEach(tags -> tags.values().forEach(t -> out.add(t.image())));
        return out;
    }

    /**
     * The image {@code ref} names ({@code repository:tag}, or {@code repository@digest} of a tagged manifest), with
     * {@code ref} as its reference, as the registry would resolve it; empty when not kept.
     */
    public synchronized Optional<ResolvedImage> find(ImageRef ref) {
        Map<String, Tagged> tags = repositories.get(ref.repository());
        if (tags == null) {
            return Optional.empty();
        }
        Optional<Tagged> found = ref.digest() != null
                ? tags.values().stream().filter(t -> t.digest().equals(ref.digest())
                || t.image().manifestDigest().equals(ref.digest())).findFirst()
                : Optional.ofNullable(tags.get(ref.tag()));
        return found.map(t -> withRef(t.image(), ref));
    }

    private synchronized Optional<ResolvedImage> kept(String digest) {
        for (Map<String, Tagged> tags : repositories.values()) {
            for (Tagged t : tags.values()) {
                if (t.digest().equals(digest)) {
                    return Optional.of(t.image());
                }
            }
        }
        return Optional.empty();
    }

    private void put(Tagged tagged) {
        repositories.computeIfAbsent(tagged.image().ref().repository(), r -> new TreeMap<>())
                .put(tagged.image().ref().tag(), tagged);
    }

    private void untag(String repository, String tag) {
        Map<String, Tagged> tags = repositories.get(repository);
        if (tags != null) {
            tags.remove(tag);
            if (tags.isEmpty()) {
                repositories.remove(repository);
            }
        }
    }

    static ResolvedImage withRef(ResolvedImage i, ImageRef ref) {
        return i.ref().equals(ref) ? i : new ResolvedImage(ref, i.manifestDigest(), i.configDigest(), i.layers(),
                i.config(), i.created(), i.os(), i.architecture(), i.diffIds());
    }
}
