package io.berth.events.path;

import java.util.ArrayList;
import java.util.List;

/**
 * A '/'-separated path cleaned by its text alone, never the file system: empty and {@code .} elements dropped, and
 * a {@code ..} removes the element before it but stops at the top. Shared because the gateway's build context
 * ({@code .dockerignore}, {@code COPY}) and the node agent's {@code docker cp} mounts must clean paths alike. Pure.
 */
public final class LexicalPath {

    /** The elements of {@code path} once cleaned; empty for the top itself. */
    public static List<String> elements(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    /** The cleaned elements joined with '/', without a leading '/'; {@code ""} for the top. */
    public static String clean(String path) {
        return String.join("/", elements(path));
    }

    private LexicalPath() {
    }
}
