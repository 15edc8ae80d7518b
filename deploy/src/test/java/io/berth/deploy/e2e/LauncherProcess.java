package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A Berth launcher run by the end-to-end harnesses as a process of its own, its output kept in a log file. */
final class LauncherProcess {
    // -Dberth.e2e.readySeconds=N gives a box loaded by other builds longer; a shared 2-core CI host under load
    // has taken 150 s for Kafka and Hazelcast alone, and several platforms run at once there
    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("berth.e2e.readySeconds", 300));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** {@code java -jar JAR FLAGS…}, without any BERTH_* variable of ours leaking into its flags. */
    static Process launch(Path jar, Path log, List<String> flags) {
        return launch(List.of(), jar, log, flags);
    }

    /** As above, run through {@code wrapper} first (e.g. {@code nsenter --net=…}, which then execs java). */
    static Process launch(List<String> wrapper, Path jar, Path log, List<String> flags) {
        return launch(wrapper, jar, log, flags, Map.of());
    }

    /**
     * As above, with {@code berthEnvironment} (BERTH_* variables, as a systemd EnvironmentFile sets them) as the
     * only BERTH_* variables the launcher sees; the log's first line shows them before the command.
     */
    static Process launch(List<String> wrapper, Path jar, Path log, List<String> flags,
                          Map<String, String> berthEnvironment) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(flags);
        StringBuilder shown = new StringBuilder("$ ");
        berthEnvironment.forEach((name, value) -> shown.append(name).append('=').append(value).append(' '));
        try {
            Files.writeString(log, shown + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Flags.clearBerthEnvironment(builder.environment());
            builder.environment().putAll(berthEnvironment);
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    /** Polls {@code ready} until it holds; fails with the log's end if the process dies or time runs out. */
    static void await(Process process, Path log, BooleanSupplier ready, String what) {
        boolean held = Eventually.holds(READY_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with status " + process.exitValue() + " before "
                        + what + "; end of " + log + ":\n" + tail(log));
            }
            return ready.getAsBoolean();
        });
        if (!held) {
            throw new AssertionError("no " + what + " within " + READY_TIMEOUT.toSeconds() + " s; end of " + log
                    + ":\n" + tail(log));
        }
    }

    /** SIGTERM (the launcher's clean shutdown), a grace period, then SIGKILL. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@link #stop} on every process at once, each on a thread named {@code threadName}: the last brokers of a
     * quorum wait for each other's controlled shutdown, so one after the other would wait out every timeout in turn.
     * Null entries (a start that failed before them) are ignored.
     */
    static void stopTogether(List<Process> processes, String threadName) {
        List<Thread> stopping = new ArrayList<>();
        for (Process process : processes) {
            Thread t = new Thread(() -> stop(process), threadName);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * SIGKILL to a process we started (by pid), then waits for it to be gone; {@code what} names it in the failure
     * ({@code broker 2}, {@code the launcher}).
     */
    static void kill(Process process, String what) {
        HostTraces.exec(List.of("kill", "-9", Long.toString(process.pid())));
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(what + " pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Deletes a harness's temp root, never through a mount a platform left behind (those it reports). */
    static void deleteRoot(Path root, String who) {
        try {
            List<Path> mounted = TempTree.delete(root);
            if (!mounted.isEmpty()) {
                System.err.println("berth e2e: " + who + " left mounts behind, not deleted: " + mounted);
            }
        } catch (IOException e) {
            System.err.println("berth e2e: cannot delete " + root + ": " + e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private LauncherProcess() {
    }
}
