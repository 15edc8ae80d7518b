package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prepares a container's user mounts once its overlay root is mounted: each target resolved inside the root
 * and its mount point made there (in the container's upper directory), and an empty volume filled from the
 * image's content at its target (Docker's copy-up). The monitor then mounts them in the container's namespace.
 */
final class UserMounts {

    /** A mount with its target resolved, relative to the root. */
    record Resolved(RuntimeMount mount, String target) {
    }

    static List<Resolved> prepare(Path rootfs, List<RuntimeMount> mounts) throws IOException {
        return prepare(rootfs, mounts, IdRange.HOST);
    }

    /**
     * With the container's user namespace {@code ids}: mount points made are the container root's, and a copy-up
     * stores the image's own owners (the root shows them shifted into the range; the volume is mounted idmapped,
     * so it keeps real ids on disk).
     */
    static List<Resolved> prepare(Path rootfs, List<RuntimeMount> mounts, IdRange ids) throws IOException {
        List<Resolved> out = new ArrayList<>();
        for (RuntimeMount m : mounts) {
            boolean file = m.source() != null && Files.isRegularFile(m.source());
            if (m.copyUp()) {
                copyUp(rootfs, m, ids);
            }
            out.add(new Resolved(m, RootPath.create(rootfs, m.target(), file, ids)));
        }
        return out;
    }

    private static void copyUp(Path rootfs, RuntimeMount m, IdRange ids) throws IOException {
        String rel = RootPath.resolve(rootfs, m.target());
        Path from = rootfs.resolve(rel);
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS) || !empty(m.source())) {
            return;
        }
        Path to = m.source();
        // the volume's directory takes the image directory's owner and mode, as in dockerd
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path dest = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.copy(dir, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    Path dest = to.resolve(from.relativize(file).toString());
                    Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    if (!ids.isHost()) {
                        HostOwner.chown(dest, ids.toContainer(HostOwner.uid(file)), ids.toContainer(HostOwner.gid(file)));
                        if (attrs.isRegularFile()) { // chown clears setuid and setgid
                            Files.setPosixFilePermissions(dest, Files.getPosixFilePermissions(file));
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                // directories last, so the files written into them do not move their times
                Path dest = dir.equals(from) ? to : to.resolve(from.relativize(dir).toString());
                Files.setLastModifiedTime(dest, Files.getLastModifiedTime(dir));
                Files.setPosixFilePermissions(dest, Files.getPosixFilePermissions(dir));
                HostOwner.chown(dest, ids.toContainer(HostOwner.uid(dir)), ids.toContainer(HostOwner.gid(dir)));
                Files.setPosixFilePermissions(dest, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private UserMounts() {
    }
}
