package io.berth.agent.archive;

import io.berth.agent.runtime.IdRange;
import io.berth.agent.sys.Errno;
import io.berth.agent.sys.RootCalls;
import io.berth.agent.sys.SyscallFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Extracts a tar into a directory inside a container root ({@code docker cp} into a container). Each entry's
 * parent is opened by openat2(RESOLVE_IN_ROOT) afresh, and the entry itself is made relative to that
 * descriptor with O_NOFOLLOW/O_EXCL: neither a symlink in the archive nor one planted in the container (or
 * swapped in mid-copy) can make a write land outside the root. Blocking: a worker thread's job.
 */
final class RootUntar {

    /** The owner of what is written: the archive's ({@code docker cp -a}) or the container's root. */
    record Options(boolean keepOwner, boolean noOverwriteDirNonDir) {
    }

    private final RootCalls calls;
    private final int rootFd;
    /** The owners' user namespace: host ids on disk are mapped to and from the container's ids. */
    private final IdRange ids;

    RootUntar(RootCalls calls, int rootFd) {
        this(calls, rootFd, IdRange.HOST);
    }

    RootUntar(RootCalls calls, int rootFd, IdRange ids) {
        this.calls = calls;
        this.rootFd = rootFd;
        this.ids = ids;
    }

    void extract(String destination, InputStream in, Options options) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            List<String> parts;
            try {
                parts = ContainerPaths.entry(entry.getName());
            } catch (IllegalArgumentException e) {
                throw new BadArchive(e.getMessage());
            }
            if (parts.isEmpty()) {
                continue; // "./" itself: the destination exists already
            }
            String parent = ContainerPaths.join(destination, String.join("/", parts.subList(0, parts.size() - 1)));
            String name = parts.get(parts.size() - 1);
            int dirFd = calls.openInRoot(rootFd, parent, RootCalls.O_PATH | RootCalls.O_DIRECTORY, 0);
            try {
                write(dirFd, name, entry, tar, options);
            } finally {
                calls.close(dirFd);
            }
        }
    }

    private void write(int dirFd, String name, TarArchiveEntry entry, InputStream data, Options options)
            throws IOException {
        int mode = entry.getMode() & 07777;
        int uid = (int) ids.toHost(options.keepOwner() ? entry.getLongUserId() : 0);
        int gid = (int) ids.toHost(options.keepOwner() ? entry.getLongGroupId() : 0);
        if (entry.isDirectory()) {
            RootCalls.Stat existing = existing(dirFd, name);
            if (existing != null && !existing.directory()) {
                refuseTypeChange(options, entry);
                calls.unlinkAt(dirFd, name, false);
            }
            if (existing == null || !existing.directory()) {
                calls.mkdirAt(dirFd, name, 0700);
            }
            int fd = calls.openAt(dirFd, name, RootCalls.O_RDONLY | RootCalls.O_DIRECTORY | RootCalls.O_NOFOLLOW, 0);
            try {
                calls.chown(fd, uid, gid);
                calls.chmod(fd, mode);
            } finally {
                calls.close(fd);
            }
        } else if (entry.isSymbolicLink()) {
            replaceNonDirectory(dirFd, name, options, entry);
            calls.symlinkAt(entry.getLinkName(), dirFd, name);
            int fd = calls.openAt(dirFd, name, RootCalls.O_PATH | RootCalls.O_NOFOLLOW, 0);
            try {
                calls.chown(fd, uid, gid);
            } finally {
                calls.close(fd);
            }
        } else if (entry.isFile()) {
            replaceNonDirectory(dirFd, name, options, entry);
            int fd = calls.openAt(dirFd, name, RootCalls.O_WRONLY | RootCalls.O_CREAT | RootCalls.O_EXCL
                    | RootCalls.O_NOFOLLOW, 0600);
            try {
                Path self = Path.of("/proc/self/fd/" + fd);
                try (OutputStream out = Files.newOutputStream(self, StandardOpenOption.WRITE)) {
                    data.transferTo(out);
                }
                calls.chown(fd, uid, gid);
                // after chown, which clears set-id bits
                calls.chmod(fd, mode);
                Files.setLastModifiedTime(self, FileTime.from(entry.getLastModifiedTime().toInstant()));
            } finally {
                calls.close(fd);
            }
        } else {
            throw new BadArchive("archive entry " + entry.getName() + " is a "
                    + (entry.isLink() ? "hard link" : "device, fifo or other special file")
                    + ", which docker cp into a Berth container does not make");
        }
    }

    private void replaceNonDirectory(int dirFd, String name, Options options, TarArchiveEntry entry) throws IOException {
        RootCalls.Stat existing = existing(dirFd, name);
        if (existing == null) {
            return;
        }
        if (existing.directory()) {
            refuseTypeChange(options, entry);
            try {
                calls.unlinkAt(dirFd, name, true);
            } catch (SyscallFailure e) {
                throw new BadArchive("cannot overwrite directory " + entry.getName() + " with a non-directory");
            }
            return;
        }
        calls.unlinkAt(dirFd, name, false);
    }

    private static void refuseTypeChange(Options options, TarArchiveEntry entry) throws BadArchive {
        if (options.noOverwriteDirNonDir()) {
            throw new BadArchive("cannot overwrite " + entry.getName() + ": a directory and a non-directory");
        }
    }

    private RootCalls.Stat existing(int dirFd, String name) throws IOException {
        int fd;
        try {
            fd = calls.openAt(dirFd, name, RootCalls.O_PATH | RootCalls.O_NOFOLLOW, 0);
        } catch (SyscallFailure e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
        try {
            return calls.stat(fd);
        } finally {
            calls.close(fd);
        }
    }

    /** The archive itself is wrong: the client's 400. */
    static final class BadArchive extends IOException {
        BadArchive(String message) {
            super(message);
        }
    }
}
