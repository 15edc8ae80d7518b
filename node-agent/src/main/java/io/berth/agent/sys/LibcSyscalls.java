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

    /** bpf(2) and what it needs, apart: jnr binds one Java method per C symbol, and syscall is taken above. */
    public interface Bpf {
        @SaveError
        int syscall(long number, int cmd, jnr.ffi.Pointer attr, int size);

        @SaveError
        int open(String path, int flags);

        @SaveError
        int close(int fd);
    }

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    /** union bpf_attr, as far as PROG_LOAD and PROG_ATTACH use it; the kernel wants the rest zero. */
    private static final int BPF_ATTR_SIZE = 128;
    private static final int LOG_SIZE = 64 * 1024;

    private final LibC libc;
    private final Bpf bpf;
    private final jnr.ffi.Runtime runtime;

    public LibcSyscalls() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.bpf = LibraryLoader.create(Bpf.class).load("c");
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

    @Override
    public void attachDeviceFilter(Path cgroup, byte[] program) throws SyscallFailure {
        long sysBpf = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
        jnr.ffi.Pointer insns = jnr.ffi.Memory.allocateDirect(runtime, program.length, true);
        insns.put(0, program, 0, program.length);
        byte[] name = "Apache-2.0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        jnr.ffi.Pointer license = jnr.ffi.Memory.allocateDirect(runtime, name.length, true);
        license.put(0, name, 0, name.length);
        jnr.ffi.Pointer log = jnr.ffi.Memory.allocateDirect(runtime, LOG_SIZE, true);
        jnr.ffi.Pointer load = jnr.ffi.Memory.allocateDirect(runtime, BPF_ATTR_SIZE, true);
        load.putInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
        load.putInt(4, program.length / 8);
        load.putLong(8, insns.address());
        load.putLong(16, license.address());
        load.putInt(24, 1); // log_level: the verifier says why, should it refuse
        load.putInt(28, LOG_SIZE);
        load.putLong(32, log.address());
        int prog = bpf.syscall(sysBpf, BPF_PROG_LOAD, load, BPF_ATTR_SIZE);
        if (prog < 0) {
            int errno = runtime.getLastError();
            throw new SyscallFailure("bpf load device filter for " + cgroup, errno,
                    libc.strerror(errno) + ": " + log.getString(0, LOG_SIZE, java.nio.charset.StandardCharsets.US_ASCII));
        }
        try {
            int dir = bpf.open(cgroup.toString(), O_RDONLY_DIRECTORY_CLOEXEC);
            check(dir, "open " + cgroup);
            try {
                jnr.ffi.Pointer attach = jnr.ffi.Memory.allocateDirect(runtime, BPF_ATTR_SIZE, true);
                attach.putInt(0, dir);
                attach.putInt(4, prog);
                attach.putInt(8, BPF_CGROUP_DEVICE);
                check(bpf.syscall(sysBpf, BPF_PROG_ATTACH, attach, BPF_ATTR_SIZE), "bpf attach device filter to " + cgroup);
            } finally {
                bpf.close(dir);
            }
        } finally {
            // the cgroup holds the program now
            bpf.close(prog);
        }
    }

    private void check(int rc, String call) throws SyscallFailure {
        if (rc < 0) {
            int errno = runtime.getLastError();
            throw new SyscallFailure(call, errno, libc.strerror(errno));
        }
    }
}
