package io.berth.agent.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

import java.nio.file.Path;

/** {@link Syscalls} through jnr-ffi straight into glibc. */
public final class LibcSyscalls implements Syscalls {
    /** The same number on x86_64 and aarch64: syscalls added since 5.1 share one numbering. */
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int POLLIN = 0x1;
    /** Where {@code short events} sits in the int that holds {@code events} and {@code revents}. */
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    /** The C prototypes, one to one. */
    public interface LibC {
        @SaveError
        int mount(String source, String target, String fsType, long flags, String data);

        @SaveError
        int umount2(String target, int flags);

        @SaveError
        int kill(int pid, int signal);

        @SaveError
        int rmdir(String path);

        /** Used for pidfd_open, which glibc 2.36 wraps but older ones do not. */
        @SaveError
        int syscall(long number, int pid, int flags);

        /** {@code fds} is {@code struct pollfd[]} laid out as int pairs: fd, then events | revents << 16. */
        @SaveError
        int poll(@In @Out int[] fds, long nfds, int timeout);

        @SaveError
        int close(int fd);

        @SaveError
        int mkfifo(String path, int mode);

        String strerror(int errno);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;

    public LibcSyscalls() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
    }

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws SyscallFailure {
        check(libc.mount(source, target.toString(), fsType, flags, data), "mount " + fsType + " on " + target);
    }

    @Override
    public void umount2(Path target, int flags) throws SyscallFailure {
        check(libc.umount2(target.toString(), flags), "umount " + target);
    }

    @Override
    public void kill(long pid, int signal) throws SyscallFailure {
        check(libc.kill(Math.toIntExact(pid), signal), "kill " + pid + " " + signal);
    }

    @Override
    public void mkfifo(Path path, int mode) throws SyscallFailure {
        check(libc.mkfifo(path.toString(), mode), "mkfifo " + path);
    }

    @Override
    public void rmdir(Path dir) throws SyscallFailure {
        check(libc.rmdir(dir.toString()), "rmdir " + dir);
    }

    @Override
    public int pidfdOpen(long pid) throws SyscallFailure {
        int fd = libc.syscall(SYS_PIDFD_OPEN, Math.toIntExact(pid), 0);
        check(fd, "pidfd_open " + pid);
        return fd;
    }

    @Override
    public boolean[] pollReadable(int[] fds, int timeoutMillis) throws SyscallFailure {
        int[] pollfds = new int[fds.length * 2];
        for (int i = 0; i < fds.length; i++) {
            pollfds[2 * i] = fds[i];
            pollfds[2 * i + 1] = LITTLE ? POLLIN : POLLIN << 16;
        }
        int rc = libc.poll(pollfds, fds.length, timeoutMillis);
        boolean[] readable = new boolean[fds.length];
        if (rc < 0) {
            int errno = runtime.getLastError();
            if (errno == Errno.EINTR) {
                return readable;
            }
            throw new SyscallFailure("poll of " + fds.length + " descriptor(s)", errno, libc.strerror(errno));
        }
        for (int i = 0; i < fds.length; i++) {
            int revents = LITTLE ? pollfds[2 * i + 1] >>> 16 : pollfds[2 * i + 1] & 0xffff;
            readable[i] = revents != 0;
        }
        return readable;
    }

    @Override
    public void close(int fd) throws SyscallFailure {
        check(libc.close(fd), "close " + fd);
    }

    private void check(int rc, String call) throws SyscallFailure {
        if (rc < 0) {
            int errno = runtime.getLastError();
            throw new SyscallFailure(call, errno, libc.strerror(errno));
        }
    }
}
