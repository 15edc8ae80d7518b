package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes a test's temp tree without ever crossing a mount point: a leftover overlay or bind mount of a
 * container would otherwise lead the walk into files that are not ours. What is still mounted is reported.
 */
final class TempTree {

    /** Deletes {@code root}; returns the mount points found under it, which were left alone. */
    static List<Path> delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        Set<Path> mounts = mountPointsUnder(root.toRealPath());
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return mounts.contains(dir.toAbsolutePath()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmpty) {
                    // holds a mount point that was skipped; reported to the caller instead
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return List.copyOf(mounts);
    }

    // /proc/self/mounts escapes spaces as \040; temp paths have none, so the plain field is enough.
    private static Set<Path> mountPointsUnder(Path root) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 1)
                .map(fields -> Path.of(fields[1]))
                .filter(mount -> mount.startsWith(root))
                .collect(Collectors.toSet());
    }

    private TempTree() {
    }
}
