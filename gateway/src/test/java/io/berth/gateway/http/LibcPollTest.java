package io.berth.gateway.http;

import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The real poll(2): a wake ends a poll that would otherwise sleep for a minute; a writer's close is a hang-up. */
class LibcPollTest {
    /** What the test needs of libc besides what LibcPoll binds. */
    public interface Fds {
        int pipe(int[] fds);

        int close(int fd);
    }

    private final Fds fds = LibraryLoader.create(Fds.class).load("c");
    private final int[] pipe = new int[2];
    private final LibcPoll poll = new LibcPoll();

    @BeforeEach
    void openPipe() {
        assertEquals(0, fds.pipe(pipe));
    }

    @AfterEach
    void closePipe() {
        fds.close(pipe[0]);
        fds.close(pipe[1]);
    }

    @Test
    void aWakeEndsThePollUnderWayWithNothingHungUp() throws Exception {
        CompletableFuture<List<Integer>> polled = CompletableFuture.supplyAsync(
                () -> poll.hungUp(new int[]{pipe[0]}, 60_000));
        Thread.sleep(200);
        assertFalse(polled.isDone(), "nothing hung up yet: the poll sleeps");
        poll.wake();
        assertEquals(List.of(), polled.get(20, TimeUnit.SECONDS));
        // the drained wake reports no hang-up to the next poll
        assertEquals(List.of(), poll.hungUp(new int[]{pipe[0]}, 50));
    }

    @Test
    void theWriterClosingIsAHangUpOfTheReader() throws Exception {
        CompletableFuture<List<Integer>> polled = CompletableFuture.supplyAsync(
                () -> poll.hungUp(new int[]{pipe[0]}, 60_000));
        Thread.sleep(200);
        fds.close(pipe[1]);
        pipe[1] = -1;
        assertEquals(List.of(0), polled.get(20, TimeUnit.SECONDS));
    }
}
