package io.berth.gateway.events;

import io.berth.events.event.ContainerStarted;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeMergeTest {
    private static EventReader.Timed at(long t) {
        return new EventReader.Timed(Envelope.of(new ContainerStarted("c" + t, "n", t), "/t", null), t);
    }

    private static List<Long> times(List<EventReader.Timed> records) {
        return records.stream().map(EventReader.Timed::timeNanos).toList();
    }

    @Test
    void nothingLeavesWhileAPartitionStillReadingHasNoneQueued() {
        TimeMerge merge = new TimeMerge(2);
        merge.add(0, at(5));
        merge.add(0, at(9));
        assertEquals(List.of(), merge.take(100), "partition 1 may still bring an earlier one");
        merge.add(1, at(7));
        assertEquals(List.of(5L, 7L), times(merge.take(100)), "then 9 waits for partition 1's next");
        merge.finish(1);
        assertEquals(List.of(9L), times(merge.take(100)));
        assertFalse(merge.done(), "partition 0 has not finished");
        merge.finish(0);
        assertTrue(merge.done());
    }

    @Test
    void interleavedPartitionsComeOutInTimeOrderInBatchesOfAtMostMax() {
        Random random = new Random(15);
        TimeMerge merge = new TimeMerge(3);
        List<Long> all = new ArrayList<>();
        long[] clock = new long[3];
        List<EventReader.Timed> out = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            int p = random.nextInt(3);
            for (int i = 0; i < 1 + random.nextInt(20); i++) {
                clock[p] += 1 + random.nextInt(50);
                merge.add(p, at(clock[p] * 3 + p)); // distinct across partitions
                all.add(clock[p] * 3 + p);
            }
            List<EventReader.Timed> taken = merge.take(7);
            assertTrue(taken.size() <= 7);
            out.addAll(taken);
        }
        for (int p = 0; p < 3; p++) {
            merge.finish(p);
        }
        for (List<EventReader.Timed> t = merge.take(7); !t.isEmpty(); t = merge.take(7)) {
            out.addAll(t);
        }
        assertTrue(merge.done());
        assertEquals(all.stream().sorted().toList(), times(out));
    }

    @Test
    void aPartitionsOwnOrderIsKeptAndTiesGoToTheLowerPartition() {
        TimeMerge merge = new TimeMerge(2);
        EventReader.Timed first = at(10);
        EventReader.Timed second = at(4); // written later with an earlier clock: stays after its predecessor
        merge.add(1, first);
        merge.add(1, second);
        merge.add(0, at(10));
        merge.finish(0);
        merge.finish(1);
        List<EventReader.Timed> out = merge.take(10);
        assertEquals(List.of(10L, 10L, 4L), times(out));
        assertTrue(out.get(1) == first && out.get(2) == second);
    }
}
