package io.berth.gateway.api;

import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.EventInbox;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code POST /containers/{id}/wait}. The 200 headers go out at once: {@code docker run} waits for them
 * before it sends start. The body follows when the condition holds (the event, or the record read again every
 * few seconds); a client that leaves cancels the wait.
 */
public final class ContainerWaitRoute {
    static final long RECHECK_MILLIS = 5_000;
    private final Vertx vertx;
    private final ContainerStore store;
    private final EventInbox inbox;

    public ContainerWaitRoute(Vertx vertx, ContainerStore store, EventInbox inbox) {
        this.vertx = vertx;
        this.store = store;
        this.inbox = inbox;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/wait", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        String condition = ex.query("condition") == null || ex.query("condition").isEmpty()
                ? "not-running" : ex.query("condition");
        if (!condition.equals("not-running") && !condition.equals("next-exit") && !condition.equals("removed")) {
            throw ApiError.badRequest("invalid condition: \"" + condition + "\"");
        }
        return store.find(ex.param("id")).compose(r -> {
            HttpServerResponse response = ex.response().setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
            if (condition.equals("not-running") && !ContainerLifecycleRoutes.running(r)) {
                return response.end(body(r.exitCode()));
            }
            AtomicInteger exitCode = new AtomicInteger(r.exitCode());
            EventInbox.Waiter waiter = inbox.await(r.id(), until(condition, exitCode), null);
            long recheck = recheck(response, condition, r.id(), waiter, exitCode);
            response.closeHandler(v -> {
                waiter.cancel();
                vertx.cancelTimer(recheck);
            });
            waiter.future().onComplete(e -> vertx.cancelTimer(recheck));
            waiter.future().onSuccess(e -> answer(response, exitCode.get()));
            if (!condition.equals("next-exit")) {
                // The CLI does not wait for these headers before it starts the container, so a short one can die
                // (and be removed) between the read above and the waiter: read again now that the waiter listens.
                store.get(r.id()).onSuccess(now -> {
                    if (holds(condition, now)) {
                        waiter.cancel();
                        answer(response, now.map(ContainerRecord::exitCode).orElse(exitCode.get()));
                    }
                });
            }
            return response.writeHead();
        });
    }

    /**
     * Reads the record again every {@link #RECHECK_MILLIS}: an event that never reaches this gateway (a broker
     * failover, a fact published while it restarted) must not leave the client waiting for good. Not for
     * {@code next-exit}, which only an event can answer.
     */
    private long recheck(HttpServerResponse response, String condition, String id, EventInbox.Waiter waiter,
                         AtomicInteger exitCode) {
        if (condition.equals("next-exit")) {
            return -1;
        }
        return vertx.setPeriodic(RECHECK_MILLIS, t -> store.get(id).onSuccess(now -> {
            if (holds(condition, now)) {
                waiter.cancel();
                vertx.cancelTimer(t);
                answer(response, now.map(ContainerRecord::exitCode).orElse(exitCode.get()));
            }
        }));
    }

    /** Whether {@code condition} already holds for the record as it is now (empty: removed). */
    static boolean holds(String condition, Optional<ContainerRecord> now) {
        return now.isEmpty() || condition.equals("not-running") && !ContainerLifecycleRoutes.running(now.get());
    }

    private static void answer(HttpServerResponse response, int exitCode) {
        if (!response.closed() && !response.ended()) {
            response.end(body(exitCode));
        }
    }

    /** Keeps the last exit code seen and says when the condition holds. */
    static Predicate<Envelope> until(String condition, AtomicInteger exitCode) {
        return e -> {
            if (e.data() instanceof ContainerDied died) {
                exitCode.set(died.exitCode());
                return !condition.equals("removed");
            }
            return e.data() instanceof ContainerRemoved && condition.equals("removed");
        };
    }

    static String body(int exitCode) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StatusCode", exitCode);
        out.put("Error", null);
        return DockerJson.write(out) + "\n";
    }
}
