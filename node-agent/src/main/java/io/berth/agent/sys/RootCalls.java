package io.berth.agent.sys;

import java.nio.file.Path;

/**
 * The libc calls that touch files inside a container's root on a user's behalf ({@code docker cp}): every
 * path is resolved by the kernel with {@code openat2(RESOLVE_IN_ROOT)}, so {@code ..}, absolute symlinks and a
 * component swapped for a symlink mid-walk all stay inside the root (the shape of CVE-2018-15664), and every
 * name is then acted on relative to a directory descriptor, never through a host path again.
 */
public interface RootCalls {
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_TRUNC = 01000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;
    int S_IFMT = 0170000;
    int S_IFDIR = 0040000;
    int S_IFREG = 0100000;
    int S_IFLNK = 0120000;

    /** A file's {@code statx} fields Docker's archives need; {@code mode} carries the S_IF* type bits. */
    record Stat(int mode, int uid, int gid, long size, long mtimeSeconds, int mtimeNanos) {
        public boolean directory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        public boolean regular() {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean symlink() {
            return (mode & S_IFMT) == S_IFLNK;
        }
    }

    /** open(2) of the root directory itself, {@code O_PATH|O_DIRECTORY}. */
    int openRoot(Path root) throws SyscallFailure;

    /** openat2(2) of {@code path} (relative or absolute, as seen in the container) with RESOLVE_IN_ROOT. */
    int openInRoot(int rootFd, String path, int flags, int mode) throws SyscallFailure;

    /** openat(2) of one name in a directory; callers pass {@code O_NOFOLLOW}. */
    int openAt(int dirFd, String name, int flags, int mode) throws SyscallFailure;

    /** statx(2) of the descriptor itself (AT_EMPTY_PATH), a symlink not followed. */
    Stat stat(int fd) throws SyscallFailure;

    /** readlinkat(2) of an {@code O_PATH|O_NOFOLLOW} descriptor of a symlink. */
    String readlink(int fd) throws SyscallFailure;

    void mkdirAt(int dirFd, String name, int mode) throws SyscallFailure;

    void symlinkAt(String target, int dirFd, String name) throws SyscallFailure;

    /** unlinkat(2); {@code directory} removes an (empty) directory. */
    void unlinkAt(int dirFd, String name, boolean directory) throws SyscallFailure;

    /** fchownat(2) of the descriptor itself, a symlink not followed. */
    void chown(int fd, int uid, int gid) throws SyscallFailure;

    /** fchmod(2); not for O_PATH descriptors. */
    void chmod(int fd, int mode) throws SyscallFailure;

    void close(int fd);

    /** lgetxattr(2) as text (e.g. overlay's {@code trusted.overlay.opaque}); null when the file has none. */
    String xattr(Path path, String name);
}
