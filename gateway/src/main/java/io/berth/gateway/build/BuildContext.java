package io.berth.gateway.build;

import io.berth.gateway.archive.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The build context unpacked into a private temp directory: the client's tar (plain, gzip, bzip2 or xz), entries
 * kept inside the directory (no {@code ..}, no absolute names, never written through a symlink), then every path
 * the {@code .dockerignore} excludes removed, so the steps see what dockerd's builder sees. {@link #delete()}
 * removes it all; the route calls it on every path.
 */
public final class BuildContext implements AutoCloseable {
    private final Path root;

    private BuildContext(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Unpacks {@code tar} into a new directory under {@code tempDir}. Blocking. */
    public static BuildContext unpack(InputStream tar, Path tempDir) throws IOException {
        Path root = Files.createTempDirectory(tempDir, "berth-build-");
        BuildContext context = new BuildContext(root);
        try {
            unpackInto(tar, root);
        } catch (IOException | RuntimeException e) {
            context.delete();
            throw e;
        }
        return context;
    }

    /** Unpacks {@code tar} into the existing directory {@code root}, every entry kept inside it. Blocking. */
    public static void unpackInto(InputStream tar, Path root) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new UnterminatedTar(
                Compression.decompressed(new BufferedInputStream(tar, 64 * 1024))))) {
            TarArchiveEntry entry;
            List<TarArchiveEntry> dirs = new ArrayList<>();
            while ((entry = in.getNextEntry()) != null) {
                String name = DockerIgnore.clean(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path target = inside(root, name);
                Files.createDirectories(target.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    dirs.add(entry);
                } else if (entry.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path source = inside(root, DockerIgnore.clean(entry.getLinkName()));
                    Files.deleteIfExists(target);
                    Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                } else if (entry.isFile()) {
                    Files.deleteIfExists(target);
                    Files.copy(in, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedDate().toInstant()));
                }
            }
            for (TarArchiveEntry dir : dirs) {
                Path target = inside(root, DockerIgnore.clean(dir.getName()));
                Files.setPosixFilePermissions(target, permissions(dir.getMode() | 0700));
            }
        }
    }

    /** Removes what {@code .dockerignore} excludes (the Dockerfile must have been read before). */
    public void applyIgnore() throws IOException {
        Path file = root.resolve(".dockerignore");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(file));
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !p.equals(root))
                    .filter(p -> ignore.excludes(root.relativize(p).toString()))
                    .forEach(doomed::add);
        }
        doomed.sort(Comparator.reverseOrder());
        for (Path p : doomed) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                // a directory stays when a '!' line keeps something inside it
                try (Stream<Path> left = Files.list(p)) {
                    if (left.findAny().isPresent()) {
                        continue;
                    }
                }
            }
            Files.deleteIfExists(p);
        }
    }

    /** {@code name} under {@code root}, refused if it or a parent already there is a symlink. */
    static Path inside(Path root, String name) throws IOException {
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("context entry outside the context: " + name);
        }
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("context entry through a symlink: " + name);
            }
        }
        return target;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /** Removes the directory and everything in it; never fails. */
    public void delete() {
        deleteTree(root);
    }

    /** Removes {@code root} and everything in it; never fails. */
    public static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temp dir that cannot go is left to the OS's tmp cleaning; the build's answer does not depend on it
        }
    }

    @Override
    public void close() {
        delete();
    }
}
