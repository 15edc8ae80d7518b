package io.berth.gateway.ops;

import io.berth.events.state.NodeState;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Berth's own JSON API for ops scripts, versioned under {@code /berth/v1/}: the cluster at a glance, one node,
 * cordon and uncordon (a cordoned node keeps its containers and gets no new ones), drain (no new ones, and the
 * scheduler moves those with a restart policy elsewhere and stops the others), and the OpenAPI document.
 */
public final class OpsRoutes {
    static final String PREFIX = "/berth/v1";
    /** The scheduler's default TTL: a node quiet for longer is not alive. */
    static final long NODE_TTL_MILLIS = 10_000;
    private final ContainerStore store;
    private final String openApi;

    public OpsRoutes(ContainerStore store) {
        this.store = store;
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/berth/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("the gateway was built without /berth/openapi.json");
            }
            this.openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, PREFIX + "/openapi.json", ex -> ex.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json").end(openApi))
                .add(HttpMethod.GET, PREFIX + "/cluster", this::cluster)
                .add(HttpMethod.GET, PREFIX + "/nodes/{node}", this::node)
                .add(HttpMethod.POST, PREFIX + "/nodes/{node}/cordon", ex -> setState(ex, NodeState.CORDONED))
                .add(HttpMethod.POST, PREFIX + "/nodes/{node}/uncordon", ex -> setState(ex, NodeState.READY))
                .add(HttpMethod.POST, PREFIX + "/nodes/{node}/drain", ex -> setState(ex, NodeState.DRAINING));
    }

    private Future<Void> cluster(Exchange ex) {
        return store.nodes().compose(nodes -> store.all().compose(containers -> ex.json(200,
                ClusterView.cluster(nodes, containers, System.currentTimeMillis(), NODE_TTL_MILLIS))));
    }

    private Future<Void> node(Exchange ex) {
        String id = ex.param("node");
        return store.node(id).compose(n -> n.isEmpty() ? Future.failedFuture(noSuchNode(id))
                : store.all().compose(containers -> ex.json(200,
                ClusterView.node(n.get(), containers, System.currentTimeMillis(), NODE_TTL_MILLIS))));
    }

    private Future<Void> setState(Exchange ex, NodeState state) {
        String id = ex.param("node");
        return store.setNodeState(id, state).compose(n -> n.isEmpty() ? Future.failedFuture(noSuchNode(id))
                : store.all().compose(containers -> ex.json(200,
                ClusterView.node(n.get(), containers, System.currentTimeMillis(), NODE_TTL_MILLIS))));
    }

    private static ApiError noSuchNode(String id) {
        return ApiError.notFound("No such node: " + id);
    }
}
