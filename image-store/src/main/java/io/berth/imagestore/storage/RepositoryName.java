package io.berth.imagestore.storage;

import java.util.regex.Pattern;

/** A repository name as the OCI Distribution spec allows it, e.g. {@code library/busybox}. */
public record RepositoryName(String value) {
    // The spec's grammar: lower-case components separated by '/', with '.', '_', '__' or dashes inside.
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        if (value == null || value.length() > 255 || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid repository name \"" + value + "\"");
        }
    }

    public static RepositoryName parse(String value) {
        return new RepositoryName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
