package io.berth.agent.runtime;

import java.nio.file.Path;

/** Names every file the runtime keeps in a container's directory. */
public record ContainerFiles(Path dir) {
    public Path upper() {
        return dir.resolve("upper");
    }

    public Path work() {
        return dir.resolve("work");
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    /** Docker json-file log: one {"log","stream","time"} object per line, appended by the monitor. */
    public Path log() {
        return dir.resolve("json.log");
    }

    /** What the monitor is told to do. */
    public Path monitorSpec() {
        return dir.resolve("monitor.spec");
    }

    /** The monitor's own stderr, for diagnosing a monitor that died without a handshake. */
    public Path monitorErrors() {
        return dir.resolve("monitor.err");
    }

    /** Written by the monitor once the command runs: child pid, monitor pid, start time. */
    public Path started() {
        return dir.resolve("state.started");
    }

    /** FIFO the monitor relays to the command's stdin (tty or open stdin only; made by the monitor). */
    public Path stdin() {
        return dir.resolve("stdin");
    }

    /** FIFO of control lines for the monitor: resize, close-stdin ({@link MonitorInput}). */
    public Path control() {
        return dir.resolve("control");
    }

    /** Written by the monitor after reaping the command: exit code and finish time. */
    public Path exited() {
        return dir.resolve("state.exit");
    }
}
