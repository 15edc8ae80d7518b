package io.berth.scheduler.batch;

import com.hazelcast.map.IMap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link BatchStore} on the Hazelcast maps. Each method sends one operation per key, all at once, to the member
 * that owns the key, and waits for them together: one round trip of latency per batch. Not {@code getAll} or
 * {@code executeOnKeys}: those send every key to every partition, which hashes each key once per partition
 * (271 by default) — at a few hundred keys that cost more than the whole placement.
 */
public final class HazelcastBatchStore implements BatchStore {
    private static final long TIMEOUT_SECONDS = 30;
    private final IMap<String, String> containers;
    private final IMap<String, String> reservations;
    private final IMap<String, String> nodes;
    private final long nodeTtlMillis;

    public HazelcastBatchStore(IMap<String, String> containers, IMap<String, String> reservations,
                               IMap<String, String> nodes, long nodeTtlMillis) {
        this.containers = containers;
        this.reservations = reservations;
        this.nodes = nodes;
        this.nodeTtlMillis = nodeTtlMillis;
    }

    @Override
    public Map<String, String> reservations(Set<String> ids) {
        return all(ids, reservations::getAsync);
    }

    @Override
    public Map<String, BookOnNodes.Result> book(Map<String, List<Want>> perNode, long nowMillis) {
        return all(perNode.keySet(), node -> nodes.submitToKey(node,
                new BookOnNodes(Map.of(node, perNode.get(node)), nowMillis, nodeTtlMillis)));
    }

    @Override
    public void putReservations(Map<String, String> written) {
        if (!written.isEmpty()) {
            // putAll groups the entries by partition itself: one operation per partition
            reservations.putAll(written);
        }
    }

    @Override
    public Map<String, String> recorded(Map<String, Set<String>> perNode) {
        return all(perNode.keySet(), node -> nodes.submitToKey(node, new RecordOnNodes(Map.of(node, perNode.get(node)))));
    }

    @Override
    public Map<String, String> place(Map<String, String> nodeOf) {
        return all(nodeOf.keySet(), id -> containers.submitToKey(id, new PlaceRecords(Map.of(id, nodeOf.get(id)))));
    }

    /** Starts {@code call} for every key, then waits for all; keys answered null are left out. */
    private static <T> Map<String, T> all(Set<String> keys, Function<String, CompletionStage<T>> call) {
        Map<String, CompletableFuture<T>> pending = new HashMap<>();
        for (String key : keys) {
            pending.put(key, call.apply(key).toCompletableFuture());
        }
        Map<String, T> out = new HashMap<>();
        try {
            for (Map.Entry<String, CompletableFuture<T>> e : pending.entrySet()) {
                T value = e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (value != null) {
                    out.put(e.getKey(), value);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Hazelcast", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a batch operation on Hazelcast failed: " + e.getMessage(), e);
        }
        return out;
    }
}
