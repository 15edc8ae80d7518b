package io.berth.agent.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

import java.nio.file.Path;

/** {@link Syscalls} through jnr-ffi straight into glibc. */
public final class LibcSyscalls implements Syscalls {

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

    private void check(int rc, String call) throws SyscallFailure {
        if (rc < 0) {
            int errno = runtime.getLastError();
            throw new SyscallFailure(call, errno, libc.strerror(errno));
        }
    }
}
