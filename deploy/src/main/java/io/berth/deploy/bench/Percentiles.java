package io.berth.deploy.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarised for people: p50, p99 and max in milliseconds. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    double millis(double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int at = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[at] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)", millis(0.50), millis(0.99),
                millis(1.0), sorted.length);
    }
}
