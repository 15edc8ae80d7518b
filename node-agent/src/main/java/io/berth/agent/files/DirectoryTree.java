package io.berth.agent.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes a directory tree without ever following a symlink out of it or crossing into another mount. */
public final class DirectoryTree {

    /** Deletes {@code top} and everything under it; a missing {@code top} is fine. */
    public static void delete(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(top);
            return;
        }
        Object device = Files.getAttribute(top, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        // walkFileTree does not follow links by default: a symlink is deleted as a link, never entered.
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    // A mount left behind (a root not released): deleting through it would destroy what it shows.
                    throw new IOException("refusing to delete " + dir + ": another filesystem is mounted there");
                }
                openUp(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // Overlay leaves d--------- work dirs; root reads them anyway, anyone else needs the owner bits back first.
    private static void openUp(Path dir) throws IOException {
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:mode", mode | 0700, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private DirectoryTree() {
    }
}
