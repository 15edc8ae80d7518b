package io.berth.agent.layer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@link Whiteouts} through glibc's mknod(2) and lsetxattr(2); needs root (CAP_MKNOD, trusted.* xattrs). */
public final class LibcWhiteouts implements Whiteouts {
    private static final int S_IFCHR = 0020000;
    private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);

    /** The C prototypes, one to one. */
    public interface LibC {
        @SaveError
        int mknod(String path, int mode, long dev);

        @SaveError
        int lsetxattr(String path, String name, byte[] value, long size, int flags);

        String strerror(int errno);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;

    public LibcWhiteouts() {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
    }

    @Override
    public void hide(Path path) throws IOException {
        check(libc.mknod(path.toString(), S_IFCHR, 0L), "mknod whiteout " + path);
    }

    @Override
    public void makeOpaque(Path dir) throws IOException {
        check(libc.lsetxattr(dir.toString(), "trusted.overlay.opaque", YES, YES.length, 0), "mark opaque " + dir);
    }

    private void check(int result, String what) throws IOException {
        if (result != 0) {
            int errno = runtime.getLastError();
            throw new IOException(what + ": " + libc.strerror(errno) + " (errno " + errno + ")");
        }
    }
}
