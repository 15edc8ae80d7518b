package io.berth.agent.runtime;

/**
 * How a container's stdio is wired: {@code tty} gives it a pty (stdin, stdout and stderr are the slave, its
 * controlling terminal); {@code openStdin} without a tty gives it a stdin pipe the agent can feed instead of
 * /dev/null. Either makes the monitor keep the stdin and control FIFOs ({@link MonitorInput}).
 */
public record Console(boolean tty, boolean openStdin) {
    /** No terminal, stdin is /dev/null, output is logged line by line. */
    public static final Console NONE = new Console(false, false);

    /** Whether the monitor takes input (stdin bytes, resize, close) for this container. */
    public boolean takesInput() {
        return tty || openStdin;
    }
}
