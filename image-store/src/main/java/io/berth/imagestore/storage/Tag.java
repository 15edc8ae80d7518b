package io.berth.imagestore.storage;

import java.util.regex.Pattern;

/** An image tag as the OCI Distribution spec allows it, e.g. {@code latest}. */
public record Tag(String value) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public Tag {
        if (value == null || !TAG.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tag \"" + value + "\"");
        }
    }

    public static Tag parse(String value) {
        return new Tag(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
