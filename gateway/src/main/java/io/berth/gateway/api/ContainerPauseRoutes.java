package io.berth.gateway.api;

import io.berth.events.ContainerState;
import io.berth.events.command.PauseContainer;
import io.berth.events.command.UnpauseContainer;
import io.berth.events.event.ContainerPaused;
import io.berth.events.event.ContainerUnpaused;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/** pause and unpause: refuse with dockerd's 409s, send, await the correlated fact (or failure), 204. */
public final class ContainerPauseRoutes {
    private static final String REF = "/containers/{id}";
    private final ContainerStore store;
    private final Conversation conversation;

    public ContainerPauseRoutes(ContainerStore store, Conversation conversation) {
        this.store = store;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, REF + "/pause", this::pause)
                .add(HttpMethod.POST, REF + "/unpause", this::unpause);
    }

    private Future<Void> pause(Exchange ex) {
        return store.find(ex.param("id")).compose(r -> {
            if (r.status() == ContainerState.PAUSED) {
                return Future.failedFuture(ApiError.conflict("Container " + r.id() + " is already paused"));
            }
            if (r.status() != ContainerState.RUNNING) {
                return Future.failedFuture(ApiError.conflict("container " + r.id() + " is not running"));
            }
            return conversation.ask(new PauseContainer(r.id()),
                            (e, cmd) -> Conversation.answerTo(e, cmd, ContainerPaused.class)
                                    || Conversation.failedFor(e, cmd), ContainerLifecycleRoutes.ANSWER_TIMEOUT)
                    .compose(e -> ContainerLifecycleRoutes.reply(ex, e));
        });
    }

    private Future<Void> unpause(Exchange ex) {
        return store.find(ex.param("id")).compose(r -> {
            if (r.status() != ContainerState.PAUSED) {
                return Future.failedFuture(ApiError.conflict("Container " + r.id() + " is not paused"));
            }
            return conversation.ask(new UnpauseContainer(r.id()),
                            (e, cmd) -> Conversation.answerTo(e, cmd, ContainerUnpaused.class)
                                    || Conversation.failedFor(e, cmd), ContainerLifecycleRoutes.ANSWER_TIMEOUT)
                    .compose(e -> ContainerLifecycleRoutes.reply(ex, e));
        });
    }
}
