package io.berth.agent.layer;

import java.util.regex.Pattern;

/** A content digest as registries write it ({@code sha256:<64 hex>}); only sha256 is accepted. */
public record Digest(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: \"" + hex + "\"");
        }
    }

    /** Parses {@code sha256:<hex>}; the message names the offending value. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith("sha256:")) {
            throw new IllegalArgumentException("unsupported digest \"" + text + "\": expected sha256:<64 hex>");
        }
        return new Digest(text.substring("sha256:".length()));
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
