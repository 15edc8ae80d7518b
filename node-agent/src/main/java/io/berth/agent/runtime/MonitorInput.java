package io.berth.agent.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The agent's end of a monitor's input FIFOs (see the header of monitor.c): bytes for the container's stdin,
 * and control lines (terminal size, close stdin; relay.h). The monitor outlives the agent and holds both FIFOs, so
 * a restarted agent only opens them again. A tty exec's berth-exec reads the same control lines from a FIFO of its
 * own ({@code ExecProcess}). Blocking: call it from a worker thread.
 *
 * <p>The FIFOs are opened read-write: that never waits for a reader (a write-only open of a FIFO whose
 * monitor is gone would hang), and the monitor's own read-write hold means a writer's close is no EOF.
 */
public final class MonitorInput implements Closeable {
    private static final int MAX_SIZE = 65535;

    private final FileChannel stdin;

    private MonitorInput(FileChannel stdin) {
        this.stdin = stdin;
    }

    /** Opens the stdin FIFO of the container in {@code containerDir}; fails if it takes no input. */
    public static MonitorInput open(Path containerDir) throws IOException {
        return new MonitorInput(fifo(new ContainerFiles(containerDir).stdin()));
    }

    /** Passes {@code bytes} on to the container's stdin, in order; waits while the monitor's pipe is full. */
    public void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            stdin.write(buffer);
        }
    }

    /**
     * Ends the container's stdin (it reads EOF) once every byte written before has reached it; a terminal
     * ignores this. The monitor drains the stdin FIFO first, so the order of the two FIFOs cannot cut data.
     */
    public static void closeStdin(Path containerDir) throws IOException {
        control(containerDir, closeLine());
    }

    /** Sets the container's terminal size (TIOCSWINSZ on the pty master; the command gets SIGWINCH). */
    public static void resize(Path containerDir, int rows, int cols) throws IOException {
        control(containerDir, resizeLine(rows, cols));
    }

    @Override
    public void close() throws IOException {
        stdin.close();
    }

    /** The control line that sets a terminal's size (relay.h), for the monitor and a tty exec's berth-exec. */
    public static String resizeLine(int rows, int cols) {
        if (rows < 1 || rows > MAX_SIZE || cols < 1 || cols > MAX_SIZE) {
            throw new IllegalArgumentException("terminal size must be 1 to " + MAX_SIZE + " rows and columns, got "
                    + rows + "x" + cols);
        }
        return "resize " + rows + " " + cols + "\n";
    }

    static String closeLine() {
        return "close-stdin\n";
    }

    /** One write of a line well under PIPE_BUF, so lines of concurrent writers never interleave. */
    private static void control(Path containerDir, String line) throws IOException {
        write(new ContainerFiles(containerDir).control(), line);
    }

    private static void write(Path controlFifo, String line) throws IOException {
        try (FileChannel control = fifo(controlFifo)) {
            control.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static FileChannel fifo(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new NoSuchFileException(path.toString(), null, "not a FIFO");
        }
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }
}
