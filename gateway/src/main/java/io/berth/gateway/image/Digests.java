package io.berth.gateway.image;

import io.berth.events.spec.Digest;

import java.security.MessageDigest;

/**
 * What is left of the gateway's own digest helpers: the routes in {@code api/} still call these, and each only
 * hands over to {@link Digest}, the one digest type. New code uses {@link Digest} directly.
 */
public final class Digests {

    public static String sha256(byte[] bytes) {
        return Digest.of(bytes).toString();
    }

    public static MessageDigest sha256Digest() {
        return Digest.sha256();
    }

    private Digests() {
    }
}
