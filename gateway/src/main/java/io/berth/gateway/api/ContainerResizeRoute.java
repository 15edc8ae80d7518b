package io.berth.gateway.api;

import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * {@code POST /containers/{id}/resize?h=&w=}: sets a terminal container's window size through the agent of its
 * node (which tells the monitor, which sets it on the pty master); {@code docker run -it} and
 * {@code docker attach} call it at start and on every SIGWINCH. 200 with no body, as dockerd.
 */
public final class ContainerResizeRoute {
    private final ContainerStore store;
    private final NodeStreams streams;

    public ContainerResizeRoute(ContainerStore store, NodeStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/resize", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        int rows = ex.integer("h", 0);
        int cols = ex.integer("w", 0);
        return store.find(ex.param("id")).compose(r -> streams.post(r, "resize", "h=" + rows + "&w=" + cols))
                .compose(v -> ex.response().setStatusCode(200).end());
    }
}
