package io.berth.agent.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogWatchTest {

    @Test
    void aWriteToTheLogWakesItsReadersUntilTheyLeave(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("json.log"), "");
        try (LogWatch watch = new LogWatch()) {
            Semaphore first = new Semaphore(0);
            Semaphore second = new Semaphore(0);
            Runnable leaveFirst = watch.watch(log, first::release);
            Runnable leaveSecond = watch.watch(log, second::release);
            assertNotNull(leaveFirst);
            Files.writeString(log, "{\"log\":\"hi\\n\"}\n", StandardOpenOption.APPEND);
            assertTrue(first.tryAcquire(10, TimeUnit.SECONDS), "the first reader was not woken");
            assertTrue(second.tryAcquire(10, TimeUnit.SECONDS), "the second reader was not woken");
            leaveFirst.run();
            first.drainPermits();
            Files.writeString(log, "{\"log\":\"again\\n\"}\n", StandardOpenOption.APPEND);
            assertTrue(second.tryAcquire(10, TimeUnit.SECONDS), "the reader still there was not woken");
            assertFalse(first.tryAcquire(200, TimeUnit.MILLISECONDS), "a reader that left was woken");
            leaveSecond.run();
        }
    }

    @Test
    void aDirectoryNotThereYetIsNoWatchSoTheReaderPolls(@TempDir Path dir) {
        try (LogWatch watch = new LogWatch()) {
            assertNull(watch.watch(dir.resolve("not-created-yet/json.log"), () -> { }));
        }
    }
}
