package io.berth.gateway.api;

import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerStarted;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;

/**
 * {@code POST /containers/{id}/restart?t=&signal=}: as dockerd does it, a stop (when running, paused
 * included) followed by a start; each step waits for its fact before the next is sent.
 */
public final class ContainerRestartRoute {
    private final ContainerStore store;
    private final Conversation conversation;

    public ContainerRestartRoute(ContainerStore store, Conversation conversation) {
        this.store = store;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/restart", this::restart);
    }

    private Future<Void> restart(Exchange ex) {
        int timeout = ex.integer("t", -1);
        String signal = ex.query("signal") == null ? "" : ex.query("signal");
        return store.find(ex.param("id")).compose(r -> {
            conversation.requireConnected();
            Future<Void> stopped = ContainerLifecycleRoutes.running(r) ? stop(r, timeout, signal) : Future.succeededFuture();
            return stopped
                    .compose(v -> store.setDesired(r.id(), "running"))
                    .compose(v -> conversation.ask(new StartContainer(r.id()),
                            (e, cmd) -> Conversation.answerTo(e, cmd, ContainerStarted.class)
                                    || Conversation.failedFor(e, cmd), ContainerLifecycleRoutes.ANSWER_TIMEOUT))
                    .compose(e -> ContainerLifecycleRoutes.reply(ex, e));
        });
    }

    private Future<Void> stop(ContainerRecord r, int timeout, String signal) {
        Duration wait = ContainerLifecycleRoutes.ANSWER_TIMEOUT.plusSeconds(Math.max(timeout, 10));
        return conversation.ask(new StopContainer(r.id(), timeout, signal),
                        // the exit may be reported against the start, so any death of it answers
                        (e, cmd) -> e.data() instanceof ContainerDied || Conversation.failedFor(e, cmd), wait)
                .compose(ContainerRestartRoute::stoppedOrFailed);
    }

    /** A 304 from the node means it had already stopped: fine for a restart. */
    private static Future<Void> stoppedOrFailed(Envelope e) {
        if (e.data() instanceof CommandFailed failed && failed.status() != 304) {
            return Future.failedFuture(new ApiError(failed.status(), failed.message()));
        }
        return Future.succeededFuture();
    }
}
