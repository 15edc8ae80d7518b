package io.berth.agent.exec;

import io.berth.agent.runtime.ExecTarget;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Starts execs in running containers through the native berth-exec (the JVM never forks into a container).
 * Blocking only for the spawn itself; call it from a worker thread.
 */
public final class ExecRunner {
    private final Path controlDir;
    private final Syscalls syscalls;

    /** {@code controlDir} holds each tty exec's control FIFO while it runs. */
    public ExecRunner(Path controlDir, Syscalls syscalls) {
        this.controlDir = controlDir;
        this.syscalls = syscalls;
    }

    public ExecProcess start(ExecTarget target, ExecConfig config) throws IOException {
        ExecTarget as;
        try {
            as = target.asUser(config.user());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Files.createDirectories(controlDir);
        Path control = controlDir.resolve("exec-" + UUID.randomUUID() + ".control");
        // Made before the spawn, so a resize right after start (the CLI sends one at once) is never lost.
        if (config.tty()) {
            try {
                syscalls.mkfifo(control, 0600);
            } catch (SyscallFailure e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(ExecCommandLine.of(as, config, control));
        // berth-exec sets the process's environment from its arguments; its own needs nothing of ours.
        builder.environment().clear();
        try {
            return new ExecProcess(builder.start(), config.tty() ? control : null, syscalls);
        } catch (IOException e) {
            Files.deleteIfExists(control);
            throw e;
        }
    }
}
