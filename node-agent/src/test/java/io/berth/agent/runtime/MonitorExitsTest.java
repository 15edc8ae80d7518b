package io.berth.agent.runtime;

import io.berth.agent.sys.LibcSyscalls;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real pidfds on real processes: an exit is seen within a poll, not after the JDK's seconds of polling. */
class MonitorExitsTest {

    @Test
    void seesEachExitWithinAFractionOfASecond() throws Exception {
        MonitorExits exits = new MonitorExits(new LibcSyscalls(), (pid, spec) -> true);
        Process first = new ProcessBuilder("sleep", "60").start();
        Process second = new ProcessBuilder("sleep", "60").start();
        try {
            CompletableFuture<Void> firstGone = exits.whenGone(first.pid(), "spec");
            CompletableFuture<Void> secondGone = exits.whenGone(second.pid(), "spec");
            Thread.sleep(300);
            assertFalse(firstGone.isDone());
            second.destroyForcibly();
            long t0 = System.nanoTime();
            secondGone.get(2, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1000));
            assertFalse(firstGone.isDone(), "only the process that exited is reported");
            first.destroyForcibly();
            firstGone.get(2, TimeUnit.SECONDS);
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
    }

    @Test
    void aGoneOrForeignPidIsGoneAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertTrue(new MonitorExits(new LibcSyscalls(), (pid, spec) -> true).whenGone(p.pid(), "spec").isDone());
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            assertTrue(new MonitorExits(new LibcSyscalls(), (pid, spec) -> false).whenGone(other.pid(), "spec").isDone(),
                    "a pid that is no monitor (reused) is treated as the monitor gone");
        } finally {
            other.destroyForcibly();
        }
    }
}
