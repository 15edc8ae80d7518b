package io.berth.gateway.container;

import io.berth.gateway.http.ApiError;

import java.util.regex.Pattern;

/** Docker's container name rule; the stored name has no leading slash. */
public final class ContainerName {
    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    /** Berth's own bound (dockerd has none): a name is a map key, a column and, one day, a DNS label's source. */
    public static final int MAX_LENGTH = 255;

    /** The name without its slash, or a 400 with dockerd's message. */
    public static String validate(String name) {
        if (strip(name).length() > MAX_LENGTH) {
            throw ApiError.badRequest("Invalid container name (" + name.substring(0, 32) + "…): at most "
                    + MAX_LENGTH + " characters are allowed");
        }
        if (!VALID.matcher(name).matches()) {
            throw ApiError.badRequest("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return strip(name);
    }

    public static String strip(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private ContainerName() {
    }
}
