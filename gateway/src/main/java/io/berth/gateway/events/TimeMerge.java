package io.berth.gateway.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored records of several partitions merged into one time order as they arrive, without holding the whole
 * replay: each partition's records come in offset order and wait in its queue; a record leaves once every partition
 * still reading has one queued (or has finished), the earliest first (the lower partition on a tie). A partition's
 * own records keep their offset order, the order they were written in. Pure; used by one thread.
 */
final class TimeMerge {
    private final List<ArrayDeque<EventReader.Timed>> queues = new ArrayList<>();
    private final boolean[] finished;

    TimeMerge(int partitions) {
        finished = new boolean[partitions];
        for (int i = 0; i < partitions; i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    void add(int partition, EventReader.Timed record) {
        queues.get(partition).add(record);
    }

    /** No more records will come for {@code partition}. */
    void finish(int partition) {
        finished[partition] = true;
    }

    boolean finished(int partition) {
        return finished[partition];
    }

    int queued(int partition) {
        return queues.get(partition).size();
    }

    /** Every partition finished and every record taken. */
    boolean done() {
        for (int i = 0; i < finished.length; i++) {
            if (!finished[i] || !queues.get(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The records whose place in the order is now known, in that order (at most {@code max}). */
    List<EventReader.Timed> take(int max) {
        List<EventReader.Timed> out = new ArrayList<>();
        while (out.size() < max) {
            int earliest = -1;
            for (int i = 0; i < finished.length; i++) {
                EventReader.Timed head = queues.get(i).peek();
                if (head == null) {
                    if (!finished[i]) {
                        return out;
                    }
                } else if (earliest < 0 || head.timeNanos() < queues.get(earliest).peek().timeNanos()) {
                    earliest = i;
                }
            }
            if (earliest < 0) {
                return out;
            }
            out.add(queues.get(earliest).poll());
        }
        return out;
    }
}
