package io.berth.agent.exec;

import io.berth.agent.runtime.MonitorInput;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A running exec: its stdio (with a tty, stdout carries the terminal and stderr only setup errors) and its exit
 * code, which completes once berth-exec has reaped the process (126/127 when it never started).
 */
public final class ExecProcess {
    private static final int SIGKILL = 9;

    private final Process helper;
    private final FileChannel control;
    private final Syscalls syscalls;
    private final CompletableFuture<Integer> exit;

    /**
     * {@code controlFifo}: the FIFO berth-exec reads control lines from (tty only; null without). Held open here
     * read-write for the exec's whole life: a FIFO drops what it holds when its last holder closes it, so a line
     * written before berth-exec has opened its end would otherwise be lost.
     */
    ExecProcess(Process helper, Path controlFifo, Syscalls syscalls) throws IOException {
        this.helper = helper;
        this.control = controlFifo == null ? null
                : FileChannel.open(controlFifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.syscalls = syscalls;
        this.exit = helper.onExit().thenApply(p -> {
            try {
                if (control != null) {
                    control.close();
                    Files.deleteIfExists(controlFifo);
                }
            } catch (IOException e) {
                // a stray FIFO in the runtime dir is harmless
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

    /** Resizes the terminal (tty only): a resize line on berth-exec's control FIFO, as a container's monitor gets. */
    public void resize(int rows, int cols) {
        if (control == null || exit.isDone()) {
            return;
        }
        try {
            // one write of a line well under PIPE_BUF: concurrent resizes never interleave
            control.write(ByteBuffer.wrap(MonitorInput.resizeLine(rows, cols).getBytes(StandardCharsets.US_ASCII)));
        } catch (ClosedChannelException e) {
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
