package io.berth.events.spec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:<64 lower-case hex>}, the only algorithm Berth makes or accepts: parsed once
 * where it enters (a registry path, a manifest, a layer ref) and passed on as this type.
 */
public record Digest(String hex) {
    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid sha256 hex \"" + hex + "\": want 64 lower-case hex digits");
        }
    }

    /** Parses {@code sha256:<hex>}; the message names the offending value. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": want sha256:<64 hex>");
        }
        String hex = text.substring(PREFIX.length());
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": want sha256:<64 hex>");
        }
        return new Digest(hex);
    }

    /** The digest of {@code bytes}. */
    public static Digest of(byte[] bytes) {
        MessageDigest sha = sha256();
        return new Digest(HexFormat.of().formatHex(sha.digest(bytes)));
    }

    /** A fresh SHA-256 hasher, for callers that stream. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The digest a finished hasher computed. */
    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    /** The hex after the algorithm of any {@code algo:hex} string (sha512 included, as image references allow). */
    public static String hexOf(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
