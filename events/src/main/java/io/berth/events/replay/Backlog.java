package io.berth.events.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a consumer still has to handle from before it (re)joined: per partition, the first offset it will read
 * and the end at join time. Pure: the consumer tells it each handled offset and logs the lines it returns — a
 * start line, progress at most every {@code every} nanos, and a closing line once every partition caught up.
 */
public final class Backlog {
    private final String what;
    private final Map<Integer, long[]> ranges = new HashMap<>();
    private final long total;
    private final long startedNanos;
    private final long everyNanos;
    private long lastReportNanos;
    private long handled;
    private boolean done;

    /**
     * @param what    what is replayed, for the log ("node n1's commands")
     * @param from    partition → first offset to read (the committed one)
     * @param to      partition → end offset when the consumer joined
     */
    public Backlog(String what, Map<Integer, Long> from, Map<Integer, Long> to, long nowNanos, long everyNanos) {
        this.what = what;
        long sum = 0;
        for (Map.Entry<Integer, Long> end : to.entrySet()) {
            long start = from.getOrDefault(end.getKey(), end.getValue());
            if (end.getValue() > start) {
                ranges.put(end.getKey(), new long[] {start, end.getValue()});
                sum += end.getValue() - start;
            }
        }
        this.total = sum;
        this.startedNanos = nowNanos;
        this.lastReportNanos = nowNanos;
        this.everyNanos = everyNanos;
        this.done = sum == 0;
    }

    /** How many records were behind at join time. */
    public long total() {
        return total;
    }

    /** The line that announces the replay, if there is anything to replay. */
    public Optional<String> opening() {
        if (total == 0) {
            return Optional.empty();
        }
        StringBuilder where = new StringBuilder();
        ranges.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> where
                .append(where.length() == 0 ? "" : ", ").append(e.getKey()).append(":")
                .append(e.getValue()[0]).append("..").append(e.getValue()[1] - 1));
        return Optional.of("replaying " + total + " record(s) of " + what
                + " left unhandled before this start (partition:offsets " + where + ")");
    }

    /** Records that {@code offset} of {@code partition} was handled; returns a line to log, if one is due. */
    public Optional<String> handled(int partition, long offset, long nowNanos) {
        long[] range = ranges.get(partition);
        if (done || range == null || offset < range[0]) {
            return Optional.empty();
        }
        long upTo = Math.min(offset + 1, range[1]);
        handled += upTo - range[0];
        range[0] = upTo;
        if (range[0] >= range[1]) {
            ranges.remove(partition);
        }
        if (ranges.isEmpty()) {
            done = true;
            return Optional.of("replayed " + total + " record(s) of " + what + " in "
                    + (nowNanos - startedNanos) / 1_000_000 + " ms; caught up");
        }
        if (nowNanos - lastReportNanos >= everyNanos) {
            lastReportNanos = nowNanos;
            return Optional.of("replaying " + what + ": " + handled + "/" + total + " record(s) handled");
        }
        return Optional.empty();
    }
}
