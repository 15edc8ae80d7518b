package io.berth.agent.archive;

import io.berth.agent.runtime.IdRange;
import io.berth.agent.sys.RootCalls;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker commit}'s layer: a container's overlay upper directory as an image layer tar, overlayfs' own
 * markers turned into the layer format's — a whiteout (a 0/0 character device) becomes an empty
 * {@code .wh.<name>}, an opaque directory gets {@code .wh..wh..opq}. Reads only the agent's own directory and
 * follows no symlink. Blocking: a worker thread's job.
 */
final class UpperLayer {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final String OPAQUE = "trusted.overlay.opaque";

    private final RootCalls calls;

    /** The container's user namespace: the upper holds host ids, the layer the container's. */
    private final IdRange ids;

    UpperLayer(RootCalls calls) {
        this(calls, IdRange.HOST);
    }

    UpperLayer(RootCalls calls, IdRange ids) {
        this.calls = calls;
        this.ids = ids;
    }

    /** Writes the tar of {@code upper}; an absent upper (never started) is an empty layer. */
    void write(Path upper, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS)) {
                for (String child : list(upper)) {
                    add(tar, upper.resolve(child), child);
                }
            }
            tar.finish();
        }
    }

    private void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        if (UpperChanges.whiteout(file, Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS))) {
            int slash = name.lastIndexOf('/');
            marker(tar, name.substring(0, slash + 1) + WHITEOUT + name.substring(slash + 1));
            return;
        }
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int type = mode & RootCalls.S_IFMT;
        TarArchiveEntry entry;
        if (type == 0040000) {
            entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        } else if (type == 0120000) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (type == 0100000) {
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(Files.size(file));
        } else {
            // fifos, sockets and devices made at run time belong to the running container, not to an image
            return;
        }
        entry.setMode(mode & 07777);
        entry.setIds((int) ids.toContainer(Integer.toUnsignedLong(
                        (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))),
                (int) ids.toContainer(Integer.toUnsignedLong(
                        (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS))));
        entry.setLastModifiedTime(FileTime.from(((FileTime) Files.getAttribute(file, "unix:lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS)).to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        tar.putArchiveEntry(entry);
        if (type == 0100000) {
            copy(tar, file, entry.getSize());
        }
        tar.closeArchiveEntry();
        if (type == 0040000) {
            if ("y".equals(calls.xattr(file, OPAQUE))) {
                marker(tar, name + "/" + OPAQUE_MARKER);
            }
            for (String child : list(file)) {
                add(tar, file.resolve(child), name + "/" + child);
            }
        }
    }

    private static void marker(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(0644);
        entry.setSize(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void copy(TarArchiveOutputStream tar, Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ExactCopy.copy(in, tar, size);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir)) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
        }
        Collections.sort(names);
        return names;
    }
}
