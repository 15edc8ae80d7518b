package io.berth.imagestore.manifest;

import io.berth.events.spec.Digest;

/** A pushed manifest references a blob (or, for an index, a manifest) the registry does not hold. */
public final class ManifestBlobUnknownException extends RuntimeException {
    private final Digest digest;

    public ManifestBlobUnknownException(Digest digest) {
        super("manifest references " + digest + ", which is not in the registry");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
