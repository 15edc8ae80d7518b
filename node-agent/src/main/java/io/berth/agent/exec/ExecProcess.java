package io.berth.agent.exec;

import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A running exec: its stdio (with a tty, stdout carries the terminal and stderr only setup errors) and its exit
 * code, which completes once berth-exec has reaped the process (126/127 when it never started).
 */
public final class ExecProcess {
    private static final int SIGWINCH = 28;
    private static final int SIGKILL = 9;

    private final Process helper;
    private final Path sizeFile;
    private final Syscalls syscalls;
    private final CompletableFuture<Integer> exit;

    ExecProcess(Process helper, Path sizeFile, Syscalls syscalls) {
        this.helper = helper;
        this.sizeFile = sizeFile;
        this.syscalls = syscalls;
        this.exit = helper.onExit().thenApply(p -> {
            try {
                Files.deleteIfExists(sizeFile);
            } catch (IOException e) {
                // a stray size file in the runtime dir is harmless
            }
            return p.exitValue();
        });
    }

    /** Host pid of berth-exec (the exec'd process is its child). */
    public long pid() {
        return helper.pid();
    }

    public OutputStream stdin() {
        return helper.getOutputStream();
    }

    public InputStream stdout() {
        return helper.getInputStream();
    }

    public InputStream stderr() {
        return helper.getErrorStream();
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Resizes the terminal (tty only): the size file first, then SIGWINCH tells berth-exec to read it. */
    public void resize(int rows, int cols) {
        if (exit.isDone()) {
            return;
        }
        try {
            Path tmp = sizeFile.resolveSibling(sizeFile.getFileName() + ".tmp");
            Files.writeString(tmp, rows + " " + cols + "\n");
            Files.move(tmp, sizeFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            syscalls.kill(helper.pid(), SIGWINCH);
        } catch (SyscallFailure e) {
            // it exited meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("resize exec " + helper.pid(), e);
        }
    }

    /** Ends berth-exec; the kernel then kills the process it started (PDEATHSIG). */
    public void kill() {
        if (!exit.isDone()) {
            try {
                syscalls.kill(helper.pid(), SIGKILL);
            } catch (SyscallFailure e) {
                // already gone
            }
        }
    }
}
