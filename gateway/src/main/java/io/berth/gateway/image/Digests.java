package io.berth.gateway.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code sha256:<hex>} of bytes, the only digest Berth makes. */
public final class Digests {

    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex part of a digest. */
    public static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    private Digests() {
    }
}
