package io.berth.imagestore.storage;

import io.berth.events.spec.Digest;

/** Content did not hash to the digest it was written under; nothing was stored. */
public final class DigestMismatchException extends RuntimeException {
    public DigestMismatchException(Digest expected, Digest actual) {
        super("content does not match its digest: expected " + expected + ", got " + actual);
    }
}
