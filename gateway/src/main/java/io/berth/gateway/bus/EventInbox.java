package io.berth.gateway.bus;

import io.berth.events.wire.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hands each container event to whoever waits for it. A waiter is registered (before its command is
 * published, so the answer cannot be missed) for one container id with a match; the first matching event
 * completes it on the waiter's own Vert.x context. Listeners see every event.
 */
public final class EventInbox {
    private final Vertx vertx;
    private final Map<String, List<Waiter>> byContainer = new ConcurrentHashMap<>();
    private final List<Consumer<Envelope>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<Envelope> first = e -> { };

    public EventInbox(Vertx vertx) {
        this.vertx = vertx;
    }

    /** One pending wait; cancel it when the caller stops caring (client gone, command not sent). */
    public final class Waiter {
        private final String containerId;
        private final Predicate<Envelope> match;
        private final Promise<Envelope> promise = Promise.promise();
        private final Context context;
        private long timer = -1;

        private Waiter(String containerId, Predicate<Envelope> match, Context context) {
            this.containerId = containerId;
            this.match = match;
            this.context = context;
        }

        public Future<Envelope> future() {
            return promise.future();
        }

        public void cancel() {
            remove();
            context.runOnContext(v -> promise.tryFail("cancelled"));
        }

        private void remove() {
            List<Waiter> list = byContainer.get(containerId);
            if (list != null) {
                list.remove(this);
                byContainer.computeIfPresent(containerId, (k, l) -> l.isEmpty() ? null : l);
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private boolean offer(Envelope e) {
            if (!match.test(e)) {
                return false;
            }
            remove();
            context.runOnContext(v -> promise.tryComplete(e));
            return true;
        }
    }

    /**
     * Waits for the first event about {@code containerId} that {@code match} accepts, failing with a
     * {@link TimeoutException} after {@code timeout} (null: no limit).
     */
    public Waiter await(String containerId, Predicate<Envelope> match, Duration timeout) {
        Context context = vertx.getOrCreateContext();
        Waiter w = new Waiter(containerId, match, context);
        byContainer.computeIfAbsent(containerId, k -> new CopyOnWriteArrayList<>()).add(w);
        if (timeout != null) {
            w.timer = vertx.setTimer(timeout.toMillis(), t -> {
                w.timer = -1;
                w.remove();
                context.runOnContext(v -> promise(w).tryFail(new TimeoutException(
                        "no answer about container " + containerId + " within " + timeout.toSeconds() + " s")));
            });
        }
        return w;
    }

    private static Promise<Envelope> promise(Waiter w) {
        return w.promise;
    }

    /** Calls {@code listener} with every event from now on, on the consumer's thread; returns the unsubscribe. */
    public Runnable listen(Consumer<Envelope> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Calls {@code first} with every event before any waiter or listener hears of it (on the consumer's thread), so
     * a view it refreshes is current by the time a caller is answered on that event.
     */
    public void before(Consumer<Envelope> first) {
        this.first = first;
    }

    /** Called by the consumer thread for every event, in partition order. */
    public void deliver(Envelope e) {
        if (e == null || e.data() == null) {
            return;
        }
        first.accept(e);
        List<Waiter> waiters = byContainer.get(e.data().containerId());
        if (waiters != null) {
            for (Waiter w : waiters) {
                w.offer(e);
            }
        }
        for (Consumer<Envelope> l : listeners) {
            l.accept(e);
        }
    }

    /** How many waits are pending, for tests and leak checks. */
    public int pending() {
        return byContainer.values().stream().mapToInt(List::size).sum();
    }
}
