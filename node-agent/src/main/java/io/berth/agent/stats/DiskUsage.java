package io.berth.agent.stats;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Bytes held by a directory tree, counted as dockerd counts a layer: the sizes of everything but directories,
 * each hard-linked inode once, never following a symlink or crossing into another mount.
 */
public final class DiskUsage {

    /** 0 for a missing directory. */
    public static long of(Path top) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Object device = Files.getAttribute(top, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Set<Object> seen = new HashSet<>();
        long[] total = {0};
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (seen.add(attrs.fileKey() == null ? file : attrs.fileKey())) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // a file removed while walking no longer takes space
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private DiskUsage() {
    }
}
