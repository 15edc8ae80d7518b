package io.berth.gateway.api;

import io.berth.events.command.RemoveContainer;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.ListFilters;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/prune}: removes every container that is not running (and matches the label filters),
 * each through the normal remove path, and lists what went.
 */
public final class ContainerPruneRoute {
    private final ContainerStore store;
    private final Conversation conversation;

    public ContainerPruneRoute(ContainerStore store, Conversation conversation) {
        this.store = store;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/prune", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        ListFilters filters = ListFilters.parse(ex.query("filters"));
        conversation.requireConnected();
        return store.all().compose(records -> {
            List<Future<String>> removals = new ArrayList<>();
            for (ContainerRecord r : records) {
                if (!ContainerLifecycleRoutes.running(r) && filters.matches(r)) {
                    removals.add(remove(r));
                }
            }
            return Future.join(removals).transform(done -> {
                List<String> deleted = new ArrayList<>();
                removals.stream().filter(Future::succeeded).map(Future::result).forEach(deleted::add);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ContainersDeleted", deleted);
                body.put("SpaceReclaimed", 0);
                return ex.json(200, body);
            });
        });
    }

    private Future<String> remove(ContainerRecord r) {
        return store.setDesired(r.id(), "removed")
                .compose(v -> conversation.ask(new RemoveContainer(r.id(), false),
                        (e, cmd) -> e.data() instanceof ContainerRemoved || Conversation.failedFor(e, cmd),
                        ContainerLifecycleRoutes.ANSWER_TIMEOUT))
                .compose(e -> e.data() instanceof ContainerRemoved
                        ? store.freeNamesOf(r.id()).map(r.id())
                        : Future.failedFuture("not removed: " + r.id()));
    }
}
