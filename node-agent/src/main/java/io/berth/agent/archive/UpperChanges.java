package io.berth.agent.archive;

import io.berth.agent.sys.RootCalls;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code docker diff} from a container's overlay upper directory: an entry there is added (A) unless some lower
 * layer has the path, then changed (C); a whiteout (a 0/0 character device) is a deletion (D), and so is every
 * lower entry under an opaque directory that the upper does not have again. Reads only the agent's own
 * directories, never the container's merged root, and follows no symlink.
 */
final class UpperChanges {
    static final int CHANGED = 0;
    static final int ADDED = 1;
    static final int DELETED = 2;
    private static final String OPAQUE = "trusted.overlay.opaque";

    private final RootCalls calls;

    UpperChanges(RootCalls calls) {
        this.calls = calls;
    }

    /** Container path to Docker's change kind, sorted by path. */
    Map<String, Integer> of(Path upper, List<Path> lowers) throws IOException {
        Map<String, Integer> changes = new TreeMap<>();
        if (!Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS)) {
            return changes;
        }
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(upper)) {
                    return FileVisitResult.CONTINUE;
                }
                String path = containerPath(upper, dir);
                changes.put(path, inLowers(lowers, path) ? CHANGED : ADDED);
                if ("y".equals(calls.xattr(dir, OPAQUE))) {
                    opaque(dir, path, lowers, changes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = containerPath(upper, file);
                if (whiteout(file, attrs)) {
                    changes.put(path, DELETED);
                } else {
                    changes.put(path, inLowers(lowers, path) ? CHANGED : ADDED);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return changes;
    }

    /** Lower entries directly under an opaque directory, hidden now unless the upper has them again. */
    private static void opaque(Path upperDir, String path, List<Path> lowers, Map<String, Integer> changes)
            throws IOException {
        for (Path lower : lowers) {
            Path dir = lower.resolve(path.substring(1));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (var names = Files.list(dir)) {
                for (Path hidden : (Iterable<Path>) names::iterator) {
                    String name = hidden.getFileName().toString();
                    if (!Files.exists(upperDir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        changes.put(path + "/" + name, DELETED);
                    }
                }
            }
        }
    }

    /** overlayfs' mark of a deleted entry: a character device 0/0 in the upper directory. */
    static boolean whiteout(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isOther()) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return (mode & RootCalls.S_IFMT) == 0020000 && rdev == 0;
    }

    private static boolean inLowers(List<Path> lowers, String path) {
        for (Path lower : lowers) {
            if (Files.exists(lower.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static String containerPath(Path upper, Path entry) {
        return "/" + upper.relativize(entry).toString();
    }
}
