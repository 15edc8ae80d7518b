package io.berth.imagestore.manifest;

import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.DigestMismatchException;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.Tag;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

/**
 * The manifests of repositories: the one write path for every image (pushes over HTTP and the busybox seed)
 * and the reads with Accept negotiation. Blocking: call from worker threads.
 */
public final class Manifests {
    private final ContentStore store;

    public Manifests(ContentStore store) {
        this.store = store;
    }

    /** A manifest as served: its digest, media type and bytes. */
    public record Served(Digest digest, String mediaType, byte[] body) {
    }

    /**
     * Stores a pushed manifest, links it to {@code name} and, when {@code tag} is set, points the tag at it.
     * Order matters for readers and the collector: every referenced blob exists (and is protected) before
     * the manifest is stored, the manifest before the link, the link before the tag.
     *
     * @param digest the digest the client named (push by digest), or null
     * @throws ManifestInvalidException     if the body is no manifest we store
     * @throws ManifestBlobUnknownException if a referenced blob or child manifest is missing
     * @throws DigestMismatchException      if {@code digest} is not the body's digest
     */
    public Digest put(RepositoryName name, Tag tag, Digest digest, String contentType, byte[] body) {
        ManifestDocument document = ManifestDocument.parse(body, contentType);
        Digest actual = Digest.of(body);
        if (digest != null && !digest.equals(actual)) {
            throw new DigestMismatchException(digest, actual);
        }
        for (Digest blob : document.blobs()) {
            require(blob);
        }
        for (ManifestDocument.Child child : document.children()) {
            require(child.digest());
        }
        store.put(actual, new ByteArrayInputStream(body));
        store.link(name, actual, document.mediaType());
        if (tag != null) {
            store.tag(name, tag, actual);
        }
        return actual;
    }

    /**
     * The manifest {@code name:tag} or {@code name@digest} names, negotiated against {@code accept} (see
     * {@link ManifestNegotiation}); empty if the repository does not hold it.
     */
    public Optional<Served> get(RepositoryName name, Tag tag, Digest digest, List<String> accept) {
        Optional<Digest> target = tag != null ? store.resolve(name, tag) : Optional.of(digest);
        Optional<Served> served = target.flatMap(d -> served(name, d));
        if (served.isEmpty() || !MediaTypes.INDEXES.contains(served.get().mediaType())
                || !ManifestNegotiation.wantsSingleImage(accept)) {
            return served;
        }
        ManifestDocument index = ManifestDocument.parse(served.get().body(), served.get().mediaType());
        return ManifestNegotiation.platformChild(index).flatMap(child -> served(name, child.digest()))
                .or(() -> served);
    }

    /** Deletes {@code name@digest} from the repository, with its tags; the blobs go at the next collection. */
    public boolean delete(RepositoryName name, Digest digest) {
        return store.unlink(name, digest);
    }

    /** Removes one tag; the manifest stays reachable by digest. */
    public boolean untag(RepositoryName name, Tag tag) {
        return store.untag(name, tag);
    }

    private Optional<Served> served(RepositoryName name, Digest digest) {
        Optional<String> linked = store.linkedType(name, digest);
        if (linked.isEmpty() || !store.has(digest)) {
            return Optional.empty();
        }
        store.fence().protect(digest);
        return Optional.of(new Served(digest, linked.get(), store.read(digest)));
    }

    private void require(Digest blob) {
        store.claim(blob);
        if (!store.has(blob)) {
            throw new ManifestBlobUnknownException(blob);
        }
    }
}
