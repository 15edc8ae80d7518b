package io.berth.gateway.build;

import io.berth.events.path.LexicalPath;
import io.berth.events.spec.Digest;
import io.berth.gateway.archive.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layer of a COPY or ADD, written without a container: the sources (files, directories' contents, globs)
 * from a directory (the build context, or a stage's path read through {@code docker cp}) as tar entries under the
 * destination, owned by {@code --chown}'s ids and with {@code --chmod}'s mode when given; ADD unpacks a local tar
 * archive instead of copying it. The {@code hash} covers names, modes, owners and contents: the step's
 * {@code file:…}/{@code dir:…} in its history and its cache key.
 */
public final class CopyLayer {
    /** The plain layer tar (the caller deletes it) and the sources' hash as dockerd names it. */
    public record Result(Path tar, String hash) {
    }

    private final Path root;
    private final String command;
    private final int uid;
    private final int gid;
    private final Integer chmod;
    private final boolean unpackArchives;
    private final MessageDigest digest = Digest.sha256();
    private TarArchiveOutputStream out;

    private CopyLayer(Path root, String command, int uid, int gid, Integer chmod, boolean unpackArchives) {
        this.root = root;
        this.command = command;
        this.uid = uid;
        this.gid = gid;
        this.chmod = chmod;
        this.unpackArchives = unpackArchives;
    }

    /**
     * @param command "COPY" or "ADD" (error messages; ADD unpacks archives)
     * @param dest    the absolute destination, ending with '/' when it names a directory
     */
    public static Result write(Path root, List<String> sources, String dest, String command, int uid, int gid,
                               Integer chmod, Path tempDir) throws IOException {
        CopyLayer layer = new CopyLayer(root, command, uid, gid, chmod, command.equals("ADD"));
        List<Path> found = layer.resolve(sources);
        boolean destIsDir = dest.endsWith("/") || found.size() > 1;
        if (found.size() > 1 && !dest.endsWith("/")) {
            throw new BuildFailure("When using " + command
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String base = LexicalPath.clean(dest);
        Path tar = Files.createTempFile(tempDir, "berth-copy-", ".tar");
        boolean single = found.size() == 1 && Files.isRegularFile(found.get(0), LinkOption.NOFOLLOW_LINKS);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(
                new BufferedOutputStream(Files.newOutputStream(tar), 64 * 1024))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            layer.out = out;
            for (Path source : found) {
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    if (!base.isEmpty()) {
                        layer.destination(base);
                    }
                    layer.tree(source, base);
                } else if (layer.unpackArchives && isArchive(source)) {
                    layer.unpack(source, base);
                } else {
                    String name = destIsDir ? join(base, source.getFileName().toString()) : base;
                    layer.entry(source, name, source.getFileName().toString());
                }
            }
            out.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tar);
            throw e;
        }
        String kind = found.size() > 1 ? "multi" : single ? "file" : "dir";
        return new Result(tar, kind + ":" + HexFormat.of().formatHex(layer.digest.digest()));
    }

    /** A layer holding one directory (WORKDIR), mode 0755, owned by root. */
    public static Path directory(String path, Path tempDir) throws IOException {
        Path tar = Files.createTempFile(tempDir, "berth-workdir-", ".tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String clean = LexicalPath.clean(path);
            if (!clean.isEmpty()) {
                TarArchiveEntry dir = new TarArchiveEntry(clean + "/", TarConstants.LF_DIR);
                dir.setMode(040755);
                dir.setModTime(new Date());
                out.putArchiveEntry(dir);
                out.closeArchiveEntry();
            }
            out.finish();
        }
        return tar;
    }

    private List<Path> resolve(List<String> sources) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String source : sources) {
            String clean = LexicalPath.clean(source);
            if (clean.matches(".*[*?\\[].*")) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
                List<Path> matched = new ArrayList<>();
                try (Stream<Path> all = Files.walk(root)) {
                    all.filter(p -> !p.equals(root) && matcher.matches(root.relativize(p))).sorted().forEach(matched::add);
                }
                if (matched.isEmpty()) {
                    throw new BuildFailure(command + " failed: no source files were specified");
                }
                found.addAll(matched);
                continue;
            }
            Path path = clean.isEmpty() ? root : BuildContext.inside(root, clean);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new BuildFailure(command + " failed: file not found in build context or excluded by"
                        + " .dockerignore: stat " + clean + ": file does not exist");
            }
            found.add(path);
        }
        return found;
    }

    private void tree(Path dir, String base) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = join(base, child.getFileName().toString());
            String rel = root.relativize(child).toString();
            entry(child, name, rel);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                tree(child, name);
            }
        }
    }

    private void entry(Path source, String name, String hashName) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        int mode = mode(attrs.permissions());
        if (attrs.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(source).toString());
            entry.setMode(0120777);
        } else if (attrs.isDirectory()) {
            entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            entry.setMode(040000 | (chmod != null ? chmod : mode));
        } else {
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setMode(0100000 | (chmod != null ? chmod : mode));
            entry.setSize(attrs.size());
        }
        entry.setIds(uid, gid);
        entry.setModTime(attrs.lastModifiedTime().toMillis());
        hash(hashName, entry);
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
            try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
                content(in);
            }
        }
        out.closeArchiveEntry();
    }

    /**
     * The directory a directory's contents are copied into: made as dockerd makes it (0755, or {@code --chmod}),
     * owned by {@code --chown}'s ids; the source directory's own mode is not copied (the context's root has none).
     */
    private void destination(String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        entry.setMode(040000 | (chmod != null ? chmod : 0755));
        entry.setIds(uid, gid);
        entry.setModTime(System.currentTimeMillis());
        hash("", entry);
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
    }

    /** ADD of a local archive: its entries under the destination, owners as {@code --chown} says. */
    private void unpack(Path archive, String base) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Compression.decompressed(
                new BufferedInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String clean = LexicalPath.clean(e.getName());
                if (clean.isEmpty()) {
                    continue;
                }
                String name = join(base, clean);
                TarArchiveEntry copy;
                if (e.isDirectory()) {
                    copy = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                } else if (e.isSymbolicLink()) {
                    copy = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    copy.setLinkName(e.getLinkName());
                } else if (e.isLink()) {
                    copy = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    copy.setLinkName(join(base, LexicalPath.clean(e.getLinkName())));
                } else if (e.isFile()) {
                    copy = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    copy.setSize(e.getSize());
                } else {
                    continue;
                }
                copy.setMode(e.getMode());
                copy.setIds(uid != 0 || gid != 0 ? uid : (int) e.getLongUserId(), uid != 0 || gid != 0 ? gid : (int) e.getLongGroupId());
                copy.setModTime(e.getModTime());
                hash(clean, copy);
                out.putArchiveEntry(copy);
                if (copy.isFile()) {
                    content(in);
                }
                out.closeArchiveEntry();
            }
        }
    }

    /** The current entry's bytes from {@code in} into the layer; their sha256 goes into the cache key. */
    private void content(InputStream in) throws IOException {
        MessageDigest content = Digest.sha256();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            content.update(buf, 0, n);
        }
        digest.update(content.digest());
    }

    private void hash(String name, TarArchiveEntry entry) {
        String header = name + "\0" + (char) entry.getLinkFlag() + "\0" + Integer.toOctalString(entry.getMode())
                + "\0" + entry.getLongUserId() + ":" + entry.getLongGroupId() + "\0" + entry.getLinkName() + "\0";
        digest.update(header.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether ADD should unpack the file: it reads as a (possibly compressed) tar with at least one entry. */
    static boolean isArchive(Path file) {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Compression.decompressed(
                new BufferedInputStream(Files.newInputStream(file))))) {
            TarArchiveEntry first = in.getNextEntry();
            return first != null && first.getName() != null && !first.getName().isEmpty()
                    && (first.isFile() || first.isDirectory() || first.isSymbolicLink() || first.isLink())
                    && first.isCheckSumOK();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    private static String join(String base, String name) {
        return base.isEmpty() ? name : base + "/" + name;
    }
}
