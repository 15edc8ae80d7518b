package io.berth.agent.runtime;

/**
 * How a container's stdio is wired: {@code tty} gives it a pty (stdin, stdout and stderr are the slave, its
 * controlling terminal); {@code openStdin} without a tty gives it a stdin pipe the agent can feed instead of
 * /dev/null. Either makes the monitor keep the stdin and control FIFOs ({@link MonitorInput}). {@code rows} and
 * {@code cols} (0: the default 24x80) size the pty before the command runs, so its first look is already right.
 */
public record Console(boolean tty, boolean openStdin, int rows, int cols) {
    /** No terminal, stdin is /dev/null, output is logged line by line. */
    public static final Console NONE = new Console(false, false);

    public Console(boolean tty, boolean openStdin) {
        this(tty, openStdin, 0, 0);
    }

    public Console {
        if (rows < 0 || cols < 0 || rows > 65535 || cols > 65535) {
            throw new IllegalArgumentException("console size out of range: " + rows + "x" + cols);
        }
    }

    /** Whether the pty gets a size of its own before the command runs. */
    public boolean sized() {
        return tty && rows > 0 && cols > 0;
    }

    /** Whether the monitor takes input (stdin bytes, resize, close) for this container. */
    public boolean takesInput() {
        return tty || openStdin;
    }
}
