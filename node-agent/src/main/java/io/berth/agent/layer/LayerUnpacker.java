package io.berth.agent.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.berth.agent.files.DirectoryTree;

/**
 * Unpacks one layer tar (plain, gzip or zstd) into an empty directory so that no entry can write outside it:
 * names are anchored at the layer root, ".." is refused, every parent must be a real directory of the layer
 * (never a symlink an earlier entry planted), hardlinks must point at a file of the layer reached the same way.
 * Symlinks are stored as written: they are resolved inside the container, never on the host.
 */
public final class LayerUnpacker {
    private static final Logger LOG = Logger.getLogger(LayerUnpacker.class.getName());
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    // Large reads from the socket and large writes to the files: fewer system calls per MB than the 8 KiB defaults.
    private static final int READ_BUFFER = 1 << 20;
    private static final int COPY_BUFFER = 1 << 20;

    private final Whiteouts whiteouts;
    private final boolean keepOwners;

    /**
     * @param keepOwners set uid/gid from the tar (the agent runs as root); off only where chown cannot work
     */
    public LayerUnpacker(Whiteouts whiteouts, boolean keepOwners) {
        this.whiteouts = whiteouts;
        this.keepOwners = keepOwners;
    }

    /** Unpacks {@code blob} into {@code dir}, which must exist and be empty; answers the tar's size, uncompressed. */
    public long unpack(Path blob, Path dir) throws IOException {
        return unpack(Files.newInputStream(blob), dir);
    }

    /**
     * Unpacks the layer as it streams in, reads {@code blob} to its end (so a digest taken on the way covers every
     * byte, tar padding included) and closes it; answers the tar's size, uncompressed.
     */
    public long unpack(InputStream blob, Path dir) throws IOException {
        List<Stamped> dirTimes = new ArrayList<>();
        long tarBytes;
        byte[] buffer = new byte[COPY_BUFFER];
        try (InputStream raw = new BufferedInputStream(blob, READ_BUFFER);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                place(tar, entry, dir, buffer).ifPresent(dirTimes::add);
            }
            tarBytes = tar.getBytesRead();
            while (raw.read(buffer) >= 0) {
                // what follows the tar's end marker: read, so the caller's digest sees it
            }
        }
        // Last, because creating a child changes its directory's mtime.
        for (Stamped stamped : dirTimes) {
            stamp(stamped.path(), stamped.mtime());
        }
        return tarBytes;
    }

    private Optional<Stamped> place(TarArchiveInputStream tar, TarArchiveEntry entry, Path dir, byte[] buffer)
            throws IOException {
        String name = entry.getName();
        List<String> parts = EntryPath.components(name);
        if (parts.isEmpty()) {
            if (entry.isDirectory()) {
                applyOwnerAndMode(dir, entry);
                return Optional.of(new Stamped(dir, entry.getLastModifiedTime()));
            }
            throw new UnsafeEntry(name, "only a directory may stand for the layer root");
        }
        Path parent = parentDir(dir, parts, name, true);
        String last = parts.get(parts.size() - 1);
        Path target = parent.resolve(last);

        if (last.equals(OPAQUE)) {
            whiteout(() -> whiteouts.makeOpaque(parent), name);
            return Optional.empty();
        }
        if (last.startsWith(WHITEOUT)) {
            String hiddenName = last.substring(WHITEOUT.length());
            if (hiddenName.isEmpty() || hiddenName.equals(".") || hiddenName.equals("..")) {
                throw new UnsafeEntry(name, "a whiteout must name an entry of its directory");
            }
            Path hidden = parent.resolve(hiddenName);
            clear(hidden, false);
            whiteout(() -> whiteouts.hide(hidden), name);
            return Optional.empty();
        }
        if (entry.isDirectory()) {
            clear(target, true);
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
            applyOwnerAndMode(target, entry);
            return Optional.of(new Stamped(target, entry.getLastModifiedTime()));
        }
        if (entry.isSymbolicLink()) {
            clear(target, false);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            applyOwner(target, entry);
            stamp(target, entry.getLastModifiedTime());
        } else if (entry.isLink()) {
            Path existing = hardlinkTarget(dir, entry);
            clear(target, false);
            Files.createLink(target, existing);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            LOG.info("layer entry \"" + name + "\" is a device node or fifo: skipped");
        } else if (regular(entry)) {
            clear(target, false);
            // CREATE_NEW fails on anything already there, a dangling symlink included: nothing is written through.
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                int n;
                while ((n = tar.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
            applyOwnerAndMode(target, entry);
            stamp(target, entry.getLastModifiedTime());
        } else {
            LOG.info("layer entry \"" + name + "\" has unsupported type " + (char) entry.getLinkFlag() + ": skipped");
        }
        return Optional.empty();
    }

    // TarArchiveEntry.isFile() is true for every non-directory type, devices included: name the regular ones.
    private static boolean regular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG
                || entry.isSparse();
    }

    /** Walks the parents of an entry; each must be a real directory of the layer (created if missing and allowed). */
    private static Path parentDir(Path dir, List<String> parts, String name, boolean create) throws IOException {
        Path current = dir;
        for (int i = 0; i < parts.size() - 1; i++) {
            current = current.resolve(parts.get(i));
            BasicFileAttributes attrs = attributes(current);
            if (attrs == null && create) {
                Files.createDirectory(current);
            } else if (attrs == null) {
                throw new UnsafeEntry(name, "parent " + String.join("/", parts.subList(0, i + 1)) + " does not exist");
            } else if (!attrs.isDirectory()) {
                throw new UnsafeEntry(name, "parent " + String.join("/", parts.subList(0, i + 1))
                        + (attrs.isSymbolicLink() ? " is a symlink" : " is not a directory"));
            }
        }
        return current;
    }

    private static Path hardlinkTarget(Path dir, TarArchiveEntry entry) throws IOException {
        String link = entry.getLinkName();
        List<String> parts = EntryPath.components(link);
        if (parts.isEmpty()) {
            throw new UnsafeEntry(entry.getName(), "hardlink to the layer root");
        }
        Path existing = parentDir(dir, parts, entry.getName(), false).resolve(parts.get(parts.size() - 1));
        BasicFileAttributes attrs = attributes(existing);
        if (attrs == null || attrs.isDirectory()) {
            throw new UnsafeEntry(entry.getName(), "hardlink target \"" + link + "\" is not a file of this layer");
        }
        return existing;
    }

    /** Makes room for a new entry; an existing directory survives when the new entry is one too. */
    private static void clear(Path target, boolean keepDirectory) throws IOException {
        BasicFileAttributes attrs = attributes(target);
        if (attrs == null || (keepDirectory && attrs.isDirectory())) {
            return;
        }
        if (attrs.isDirectory()) {
            DirectoryTree.delete(target);
        } else {
            Files.delete(target);
        }
    }

    private void applyOwnerAndMode(Path path, TarArchiveEntry entry) throws IOException {
        applyOwner(path, entry);
        // After chown: chown clears setuid/setgid, so the mode goes last. unix:mode keeps all 12 bits.
        Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    }

    private void applyOwner(Path path, TarArchiveEntry entry) throws IOException {
        if (keepOwners) {
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void stamp(Path path, FileTime mtime) {
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, null, null);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine("cannot set the mtime of " + path + ": " + e.getMessage());
        }
    }

    private static void whiteout(WhiteoutCall call, String name) {
        try {
            call.run();
        } catch (IOException e) {
            LOG.warning("layer entry \"" + name + "\": whiteout not written: " + e.getMessage());
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    // By magic, not by the manifest's media type: the bytes are what gets unpacked, whatever was declared.
    private static InputStream decompressed(InputStream raw) throws IOException {
        raw.mark(4);
        byte[] magic = raw.readNBytes(4);
        raw.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GzipCompressorInputStream(raw, true);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return new ZstdCompressorInputStream(raw);
        }
        return raw;
    }

    private interface WhiteoutCall {
        void run() throws IOException;
    }

    private record Stamped(Path path, FileTime mtime) {
    }
}
