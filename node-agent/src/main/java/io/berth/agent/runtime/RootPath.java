package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a container's root resolved as the container would see it (runc's securejoin): every symlink
 * is followed relative to the root, and ".." never climbs above it, so a mount target cannot name a host path
 * (CVE-2021-30465). The monitor resolves it again with the kernel's RESOLVE_IN_ROOT when it mounts.
 */
final class RootPath {
    private static final int MAX_LINKS = 40;

    /** The target's path relative to {@code root}, with symlinks resolved; nothing is created. */
    static String resolve(Path root, String target) throws IOException {
        Deque<String> todo = new ArrayDeque<>(parts(target));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path here = root.resolve(String.join("/", done)).resolve(part);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links in " + target);
                }
                String link = Files.readSymbolicLink(here).toString();
                List<String> linked = parts(link);
                for (int i = linked.size() - 1; i >= 0; i--) {
                    todo.addFirst(linked.get(i));
                }
                if (link.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.addLast(part);
        }
        return done.isEmpty() ? "." : String.join("/", done);
    }

    /**
     * Makes the mount point: missing directories on the way, and the last part as a directory, or as an empty
     * file when {@code file} (a file bound onto a file). Returns the resolved relative path.
     */
    static String create(Path root, String target, boolean file) throws IOException {
        return create(root, target, file, IdRange.HOST);
    }

    /** As {@link #create(Path, String, boolean)}, what it makes owned by the container's root. */
    static String create(Path root, String target, boolean file, IdRange ids) throws IOException {
        String rel = resolve(root, target);
        Path at = root;
        String[] parts = rel.equals(".") ? new String[0] : rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            at = at.resolve(parts[i]);
            boolean last = i == parts.length - 1;
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isSymbolicLink(at)) {
                    throw new IOException("mount target " + target + " changed while it was resolved");
                }
                continue;
            }
            if (last && file) {
                Files.createFile(at);
            } else {
                Files.createDirectory(at);
            }
            HostOwner.ownToRoot(at, ids);
        }
        return rel;
    }

    private static List<String> parts(String path) {
        return List.of(path.split("/"));
    }

    private RootPath() {
    }
}
