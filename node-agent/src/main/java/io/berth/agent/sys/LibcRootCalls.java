package io.berth.agent.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@link RootCalls} through jnr-ffi into glibc; openat2 through syscall(2), glibc has no wrapper. */
public final class LibcRootCalls implements RootCalls {
    /** Same number on x86_64 and aarch64 (the unified table). */
    private static final long SYS_OPENAT2 = 437;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC = 0x7ff;

    /** The C prototypes, one to one. */
    public interface LibC {
        @SaveError
        long syscall(long number, int dirfd, String path, Pointer how, long size);

        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int openat(int dirfd, String path, int flags, int mode);

        @SaveError
        int statx(int dirfd, String path, int flags, int mask, Pointer buf);

        @SaveError
        long readlinkat(int dirfd, String path, Pointer buf, long size);

        @SaveError
        int mkdirat(int dirfd, String path, int mode);

        @SaveError
        int symlinkat(String target, int dirfd, String path);

        @SaveError
        int unlinkat(int dirfd, String path, int flags);

        @SaveError
        int fchownat(int dirfd, String path, int uid, int gid, int flags);

        @SaveError
        int fchmod(int fd, int mode);

        int close(int fd);

        long lgetxattr(String path, String name, Pointer value, long size);

        String strerror(int errno);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;

    public LibcRootCalls() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
    }

    @Override
    public int openRoot(Path root) throws SyscallFailure {
        return check(libc.open(root.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0), "open " + root);
    }

    @Override
    public int openInRoot(int rootFd, String path, int flags, int mode) throws SyscallFailure {
        Pointer how = Memory.allocateDirect(runtime, 24);
        how.putLong(0, (flags | O_CLOEXEC) & 0xffffffffL);
        how.putLong(8, (flags & O_CREAT) != 0 ? mode : 0);
        how.putLong(16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        long fd = libc.syscall(SYS_OPENAT2, rootFd, path.isEmpty() ? "." : path, how, 24);
        return check((int) fd, "openat2 " + path);
    }

    @Override
    public int openAt(int dirFd, String name, int flags, int mode) throws SyscallFailure {
        return check(libc.openat(dirFd, name, flags | O_CLOEXEC, mode), "openat " + name);
    }

    @Override
    public Stat stat(int fd) throws SyscallFailure {
        Pointer buf = Memory.allocateDirect(runtime, 256);
        check(libc.statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC, buf), "statx");
        // struct statx: uid @20, gid @24, mode @28 (u16), size @40, mtime {i64 sec @112, u32 nsec @120}
        return new Stat(buf.getShort(28) & 0xffff, buf.getInt(20), buf.getInt(24), buf.getLong(40),
                buf.getLong(112), buf.getInt(120));
    }

    @Override
    public String readlink(int fd) throws SyscallFailure {
        Pointer buf = Memory.allocateDirect(runtime, 4096);
        long n = libc.readlinkat(fd, "", buf, 4096);
        check((int) n, "readlinkat");
        byte[] bytes = new byte[(int) n];
        buf.get(0, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode) throws SyscallFailure {
        check(libc.mkdirat(dirFd, name, mode), "mkdirat " + name);
    }

    @Override
    public void symlinkAt(String target, int dirFd, String name) throws SyscallFailure {
        check(libc.symlinkat(target, dirFd, name), "symlinkat " + name);
    }

    @Override
    public void unlinkAt(int dirFd, String name, boolean directory) throws SyscallFailure {
        check(libc.unlinkat(dirFd, name, directory ? AT_REMOVEDIR : 0), "unlinkat " + name);
    }

    @Override
    public void chown(int fd, int uid, int gid) throws SyscallFailure {
        check(libc.fchownat(fd, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "fchownat");
    }

    @Override
    public void chmod(int fd, int mode) throws SyscallFailure {
        check(libc.fchmod(fd, mode), "fchmod");
    }

    @Override
    public void close(int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }

    @Override
    public String xattr(Path path, String name) {
        Pointer buf = Memory.allocateDirect(runtime, 256);
        long n = libc.lgetxattr(path.toString(), name, buf, 256);
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[(int) n];
        buf.get(0, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int check(int rc, String call) throws SyscallFailure {
        if (rc < 0) {
            int errno = runtime.getLastError();
            throw new SyscallFailure(call, errno, libc.strerror(errno));
        }
        return rc;
    }
}
