package io.berth.deploy.platform;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageSequenceTest {
    private final List<String> journal = java.util.Collections.synchronizedList(new ArrayList<>());

    private Stage recording(String name) {
        return Stage.of(name, () -> journal.add("start " + name), () -> journal.add("stop " + name));
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        StageSequence sequence = new StageSequence(Duration.ofSeconds(5), Duration.ofSeconds(5));
        sequence.start(List.of(recording("a"), recording("b"), recording("c")));
        sequence.stop();
        sequence.stop();
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), journal);
    }

    @Test
    void aFailedStageRollsBackTheOnesBeforeIt() {
        StageSequence sequence = new StageSequence(Duration.ofSeconds(5), Duration.ofSeconds(5));
        Stage broken = Stage.of("b", () -> {
            throw new IllegalStateException("not built yet");
        }, () -> journal.add("stop b"));
        StageFailedException e = assertThrows(StageFailedException.class,
                () -> sequence.start(List.of(recording("a"), broken, recording("c"))));
        assertEquals("b", e.stage());
        assertTrue(e.getMessage().contains("not built yet"), e.getMessage());
        assertEquals(List.of("start a", "stop a"), journal);
    }

    @Test
    void aHangingStageBecomesATimeoutAndAHangingStopIsSkipped() throws Exception {
        StageSequence sequence = new StageSequence(Duration.ofMillis(200), Duration.ofMillis(200));
        Stage stuckStop = Stage.of("s", () -> journal.add("start s"), () -> Thread.sleep(10_000));
        sequence.start(List.of(recording("a"), stuckStop));
        Stage hang = Stage.of("h", () -> Thread.sleep(10_000), () -> { });
        StageFailedException e = assertThrows(StageFailedException.class, () -> sequence.start(List.of(hang)));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertEquals(List.of("start a", "start s", "stop a"), journal);
    }

    @Test
    void aStopDuringStartWaitsForTheStageInFlightThenUndoesAllInReverse() throws Exception {
        StageSequence sequence = new StageSequence(Duration.ofSeconds(5), Duration.ofSeconds(5));
        Thread signal = new Thread(sequence::stop);
        Stage signalled = Stage.of("b", () -> {
            journal.add("start b");
            signal.start();
            Thread.sleep(300);
        }, () -> journal.add("stop b"));
        StageFailedException e = assertThrows(StageFailedException.class,
                () -> sequence.start(List.of(recording("a"), signalled, recording("c"))));
        assertTrue(e.getMessage().contains("shutdown requested"), e.getMessage());
        assertTrue(sequence.stopping());
        signal.join(5000);
        assertEquals(List.of("start a", "start b", "stop b", "stop a"), journal);
    }
}
