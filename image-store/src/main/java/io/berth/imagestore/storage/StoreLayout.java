package io.berth.imagestore.storage;

import io.berth.events.spec.Digest;
import java.nio.file.Path;

/**
 * Names every directory and file under the store's root, so no other class builds a path by hand:
 * {@code blobs/sha256/<hex>}, {@code repositories/<name>/_tags/<tag>} (holding the manifest digest),
 * {@code repositories/<name>/_manifests/<hex>} (a manifest pushed to that repository, holding its media type) and
 * {@code uploads/} for temp files (on the same file system as the blobs, so a rename is atomic).
 */
public record StoreLayout(Path root) {
    // A name component cannot start with '_', so these never collide with a repository called "a/tags".
    static final String TAGS = "_tags";
    static final String MANIFESTS = "_manifests";

    public Path blobs() {
        return root.resolve("blobs").resolve("sha256");
    }

    public Path blob(Digest digest) {
        return blobs().resolve(digest.hex());
    }

    public Path repositories() {
        return root.resolve("repositories");
    }

    /** {@code name} was validated by {@link RepositoryName}, so it cannot climb out with {@code ..}. */
    public Path repository(RepositoryName name) {
        return repositories().resolve(name.value());
    }

    public Path tags(RepositoryName name) {
        return repository(name).resolve(TAGS);
    }

    public Path tag(RepositoryName name, Tag tag) {
        return tags(name).resolve(tag.value());
    }

    public Path manifests(RepositoryName name) {
        return repository(name).resolve(MANIFESTS);
    }

    public Path manifest(RepositoryName name, Digest digest) {
        return manifests(name).resolve(digest.hex());
    }

    public Path uploads() {
        return root.resolve("uploads");
    }
}
