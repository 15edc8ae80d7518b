package io.berth.agent.lifecycle;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The containers map of the lifecycle tests, counting the reads of each key (what a timer costs per tick). */
final class ReadCountingMap extends ConcurrentHashMap<String, String> {
    private final ConcurrentMap<Object, AtomicInteger> reads = new ConcurrentHashMap<>();

    @Override
    public String get(Object key) {
        reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return super.get(key);
    }

    int reads(String key) {
        AtomicInteger n = reads.get(key);
        return n == null ? 0 : n.get();
    }

    void forgetReads() {
        reads.clear();
    }
}
