package io.berth.agent.archive;

import io.berth.agent.runtime.IdRange;
import io.berth.agent.sys.RootCalls;
import io.berth.agent.sys.SyscallFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes a path inside a container root as a tar (Commons Compress), named under {@code rebase}. Every entry is
 * opened by openat2(RESOLVE_IN_ROOT) with O_NOFOLLOW, so a symlink is archived as a link and a directory swapped
 * for a symlink mid-walk leads somewhere else in the root, never onto the host. Blocking: a worker thread's job.
 */
final class RootTar {
    private final RootCalls calls;
    private final int rootFd;
    /** The owners' user namespace: host ids on disk are mapped to and from the container's ids. */
    private final IdRange ids;

    RootTar(RootCalls calls, int rootFd) {
        this(calls, rootFd, IdRange.HOST);
    }

    RootTar(RootCalls calls, int rootFd, IdRange ids) {
        this.calls = calls;
        this.rootFd = rootFd;
        this.ids = ids;
    }

    /** Archives {@code path} (a container path) as {@code rebase}, recursively for a directory. */
    void write(String path, String rebase, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            add(tar, path, rebase);
            tar.finish();
        }
    }

    /** Archives everything under the root directory, named relative to it ({@code docker export}). */
    void writeRoot(OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            int fd = calls.openInRoot(rootFd, "/", RootCalls.O_PATH | RootCalls.O_DIRECTORY, 0);
            List<String> children;
            try {
                children = list(fd);
            } finally {
                calls.close(fd);
            }
            for (String child : children) {
                add(tar, "/" + child, child);
            }
            tar.finish();
        }
    }

    private void add(TarArchiveOutputStream tar, String path, String name) throws IOException {
        int fd = calls.openInRoot(rootFd, path, RootCalls.O_PATH | RootCalls.O_NOFOLLOW, 0);
        RootCalls.Stat stat;
        String link = null;
        List<String> children = List.of();
        try {
            stat = calls.stat(fd);
            if (stat.symlink()) {
                link = calls.readlink(fd);
            } else if (stat.directory()) {
                children = list(fd);
            }
        } finally {
            calls.close(fd);
        }
        TarArchiveEntry entry;
        if (stat.directory()) {
            entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        } else if (stat.symlink()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(link);
        } else if (stat.regular()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(stat.size());
        } else {
            // devices, fifos and sockets carry no data a copy could use; dockerd archives them as headers only
            return;
        }
        entry.setMode(stat.mode() & 07777);
        entry.setIds((int) ids.toContainer(Integer.toUnsignedLong(stat.uid())),
                (int) ids.toContainer(Integer.toUnsignedLong(stat.gid())));
        entry.setLastModifiedTime(FileTime.from(stat.mtimeSeconds(), TimeUnit.SECONDS));
        if (stat.regular()) {
            writeFile(tar, entry, path, stat.size());
            return;
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        for (String child : children) {
            add(tar, ContainerPaths.join(path, child), (name.endsWith("/") ? name : name + "/") + child);
        }
    }

    private void writeFile(TarArchiveOutputStream tar, TarArchiveEntry entry, String path, long size) throws IOException {
        int fd = calls.openInRoot(rootFd, path, RootCalls.O_RDONLY | RootCalls.O_NOFOLLOW, 0);
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + fd))) {
            tar.putArchiveEntry(entry);
            ExactCopy.copy(in, tar, size);
            tar.closeArchiveEntry();
        } finally {
            calls.close(fd);
        }
    }

    /** The names in a directory, sorted so archives are stable; read through the descriptor, not by path. */
    private List<String> list(int pathFd) throws IOException {
        int dir;
        try {
            dir = calls.openAt(pathFd, ".", RootCalls.O_RDONLY | RootCalls.O_DIRECTORY, 0);
        } catch (SyscallFailure e) {
            throw new IOException("list directory: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/proc/self/fd/" + dir))) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
        } finally {
            calls.close(dir);
        }
        Collections.sort(names);
        return names;
    }
}
