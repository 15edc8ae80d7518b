package io.berth.gateway.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API version a request asks for through its {@code /vX.Y} path prefix, and the check dockerd's version
 * middleware makes: above the maximum or below the minimum is a 400 the client can react to (Testcontainers
 * falls back to an older version on it).
 */
public record ApiVersion(String version, String path) {
    public static final String MAX = "1.44";
    public static final String MIN = "1.24";
    private static final Pattern PREFIX = Pattern.compile("^/v([0-9]+(?:\\.[0-9]+)*)(/.*)$");

    /** Splits {@code /v1.44/containers/json} into version and path; an unversioned path has a null version. */
    public static ApiVersion of(String rawPath) {
        Matcher m = PREFIX.matcher(rawPath);
        return m.matches() ? new ApiVersion(m.group(1), m.group(2)) : new ApiVersion(null, rawPath);
    }

    /** The version the request is served at: the asked one, or the maximum when none was asked. */
    public String effective() {
        return version == null ? MAX : version;
    }

    /** Docker's answer to an unsupported version, if this one is. */
    public Optional<ApiError> rejection() {
        if (version == null) {
            return Optional.empty();
        }
        if (compare(version, MAX) > 0) {
            return Optional.of(ApiError.badRequest("client version " + version
                    + " is too new. Maximum supported API version is " + MAX));
        }
        if (compare(version, MIN) < 0) {
            return Optional.of(ApiError.badRequest("client version " + version
                    + " is too old. Minimum supported API version is " + MIN
                    + ", please upgrade your client to a newer version"));
        }
        return Optional.empty();
    }

    /** Compares dotted versions numerically, part by part (1.9 &lt; 1.10). */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parse(x[i]) : 0;
            long q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parse(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
