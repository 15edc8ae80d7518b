package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerUpdated;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.ContainerUpdate;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/{id}/update} ({@code docker update}): the body is merged over the container's limits
 * and checked here, then the scheduler resizes the reservation (or refuses with its reason) and the container's
 * agent writes the cgroup and the record; answers dockerd's {@code {"Warnings":[]}} on the agent's
 * {@code updated}.
 */
public final class ContainerUpdateRoute {
    private final ContainerStore store;
    private final Conversation conversation;

    public ContainerUpdateRoute(ContainerStore store, Conversation conversation) {
        this.store = store;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/update", this::handle);
    }

    private Future<Void> handle(Exchange ex) {
        return ex.body().compose(buf -> {
            JsonNode body = parse(buf);
            return store.find(ex.param("id")).compose(r -> cpusOf(r).compose(cpus -> {
                ContainerUpdate update = ContainerUpdate.of(request(r), r.spec().restartPolicy(), body, cpus);
                conversation.requireConnected();
                return conversation.ask(new UpdateContainer(r.id(), update.resources(), update.restartPolicy(),
                                Json.write(update.hostConfig())),
                        (e, cmd) -> Conversation.answerTo(e, cmd, ContainerUpdated.class)
                                || Conversation.failedFor(e, cmd), ContainerLifecycleRoutes.ANSWER_TIMEOUT);
            })).compose(e -> e.data() instanceof CommandFailed failed
                    ? Future.failedFuture(new ApiError(failed.status(), failed.message()))
                    : ex.json(200, Map.of("Warnings", List.of())));
        });
    }

    private Future<Integer> cpusOf(ContainerRecord r) {
        if (r.nodeId() == null) {
            return Future.succeededFuture(0);
        }
        return store.node(r.nodeId()).map(n -> n.map(node -> node.capacity() == null ? 0
                : (int) (node.capacity().nanoCpus() / 1_000_000_000L)).orElse(0));
    }

    private static JsonNode request(ContainerRecord r) {
        return r.request() == null || r.request().isEmpty() ? null : Json.read(r.request(), JsonNode.class);
    }

    private static JsonNode parse(Buffer buf) {
        if (buf.length() == 0) {
            throw ApiError.badRequest("invalid JSON: got EOF while reading request body");
        }
        try {
            return Json.MAPPER.readTree(buf.getBytes());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("invalid JSON: " + e.getMessage());
        }
    }
}
