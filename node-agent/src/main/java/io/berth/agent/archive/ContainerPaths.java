package io.berth.agent.archive;

import java.util.ArrayList;
import java.util.List;

/** Pure path handling for archives: container paths and tar entry names, cleaned before any syscall. */
final class ContainerPaths {
    private ContainerPaths() {
    }

    /**
     * Docker's rebase name for {@code path}: its last element, where a trailing {@code /.} ("the contents of")
     * names {@code .} and trailing slashes are dropped; {@code /} itself is {@code /}.
     */
    static String baseName(String path) {
        if (path.endsWith("/.") || path.equals(".")) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 || p.length() == 1 ? p : p.substring(slash + 1);
    }

    /**
     * A tar entry name as a list of plain names under the extraction point: leading {@code /} and {@code ./}
     * dropped, {@code .} elements skipped; a {@code ..} that would climb above the extraction point is refused.
     */
    static List<String> entry(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("archive entry " + name + " climbs out of the destination");
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    /** {@code dir} joined with {@code rel}, for RESOLVE_IN_ROOT (which resolves it inside the root anyway). */
    static String join(String dir, String rel) {
        if (rel.isEmpty()) {
            return dir;
        }
        return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
    }
}
