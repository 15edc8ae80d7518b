package io.berth.agent.exec;

import io.berth.agent.runtime.ExecTarget;
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
    private final Path sizeDir;
    private final Syscalls syscalls;

    /** {@code sizeDir} holds each tty exec's terminal-size file while it runs. */
    public ExecRunner(Path sizeDir, Syscalls syscalls) {
        this.sizeDir = sizeDir;
        this.syscalls = syscalls;
    }

    public ExecProcess start(ExecTarget target, ExecConfig config) throws IOException {
        Files.createDirectories(sizeDir);
        Path sizeFile = sizeDir.resolve("exec-" + UUID.randomUUID() + ".size");
        ProcessBuilder builder = new ProcessBuilder(ExecCommandLine.of(target, config, sizeFile));
        // berth-exec sets the process's environment from its arguments; its own needs nothing of ours.
        builder.environment().clear();
        return new ExecProcess(builder.start(), sizeFile, syscalls);
    }
}
