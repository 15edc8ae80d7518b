package io.berth.agent.health;

import io.berth.agent.exec.ExecConfig;
import io.berth.agent.exec.ExecProcess;
import io.berth.agent.exec.ExecRunner;
import io.berth.agent.runtime.ExecTarget;
import io.berth.events.spec.Healthcheck;
import io.berth.events.state.HealthResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One healthcheck probe: an exec of the test in the container through berth-exec, its output (first 4 KiB of
 * stdout and stderr, as dockerd keeps) and exit code; past the timeout it is killed and counts as failed.
 * Blocking: runs on the watch's probe pool, never on an event loop.
 */
final class HealthProbe {
    /** dockerd's maxOutputLen. */
    static final int MAX_OUTPUT = 4096;
    /** After the exec ended, how long its pipes may stay open (a daemonised child holding them) before we stop reading. */
    private static final long DRAIN_MS = 1000;

    private final ExecRunner runner;
    private final ExecutorService readers;
    private final Clock clock;

    HealthProbe(ExecRunner runner, ExecutorService readers, Clock clock) {
        this.runner = runner;
        this.readers = readers;
        this.clock = clock;
    }

    HealthResult run(ExecTarget target, Healthcheck check, String workingDir) {
        Instant start = clock.instant();
        ExecProcess exec;
        try {
            exec = runner.start(target, new ExecConfig(check.argv(), null, "", workingDir, false, 0, 0));
        } catch (IOException | RuntimeException e) {
            return new HealthResult(format(start), format(clock.instant()), -1, "health probe did not start: " + e.getMessage());
        }
        Output output = new Output();
        try {
            exec.stdin().close();
        } catch (IOException e) {
            // it reads no stdin anyway
        }
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> output.drain(exec.stdout()), readers);
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> output.drain(exec.stderr()), readers);
        int code;
        String timedOut = null;
        try {
            code = exec.exit().get(check.timeout(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exec.kill();
            code = -1;
            timedOut = "Health check exceeded timeout (" + Duration.ofNanos(check.timeout()).toSeconds() + "s)";
        } catch (InterruptedException e) {
            exec.kill();
            Thread.currentThread().interrupt();
            return new HealthResult(format(start), format(clock.instant()), -1, "health probe interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            code = -1;
        }
        try {
            CompletableFuture.allOf(out, err).get(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the output so far is what the log keeps; the readers end with the pipes
        }
        closeQuietly(exec.stdout());
        closeQuietly(exec.stderr());
        String text = timedOut != null ? timedOut : output.text();
        return new HealthResult(format(start), format(clock.instant()), code, text);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing left to read
        }
    }

    private static String format(Instant instant) {
        return io.berth.agent.lifecycle.Rfc3339.format(instant);
    }

    /** Both streams into one bounded buffer, in the order the bytes arrive. */
    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void drain(InputStream in) {
            byte[] buf = new byte[1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        int room = MAX_OUTPUT - bytes.size();
                        if (room > 0) {
                            bytes.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // closed after the exec ended: keep what arrived
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
