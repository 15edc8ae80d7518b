package io.berth.gateway.events;

import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /events}: Docker's event stream, served from Kafka's {@code container-events}, so {@code --since}
 * replays history even across gateway restarts. Headers go out at once; one JSON object and a newline per event.
 */
public final class EventsRoute {
    private final Vertx vertx;
    private final ContainerStore store;
    private final String bootstrap;

    public EventsRoute(Vertx vertx, ContainerStore store, String bootstrap) {
        this.vertx = vertx;
        this.store = store;
        this.bootstrap = bootstrap;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/events", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        EventFilters filters = EventFilters.parse(ex.query("filters"));
        EventWindow window = EventWindow.parse(ex.query("since"), ex.query("until"));
        if (bootstrap == null || bootstrap.isEmpty()) {
            throw ApiError.internal("events need Kafka, and this gateway has none");
        }
        HttpServerResponse response = ex.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
        Context context = vertx.getOrCreateContext();
        // writes wait on record look-ups: each batch and the final end queue behind the previous one
        AtomicReference<Future<Void>> tail = new AtomicReference<>(Future.succeededFuture());
        EventReader reader = EventReader.open(bootstrap, window,
                batch -> context.runOnContext(v -> tail.set(tail.get().compose(x -> write(response, batch, filters)))),
                () -> context.runOnContext(v -> tail.set(tail.get().onComplete(x -> {
                    if (!response.ended() && !response.closed()) {
                        response.end();
                    }
                }))));
        response.closeHandler(v -> reader.close());
        return response.writeHead();
    }

    /** Writes a batch in order; the records are looked up first so each event names its container. */
    private Future<Void> write(HttpServerResponse response, List<EventReader.Timed> batch, EventFilters filters) {
        Future<Void> chain = Future.succeededFuture();
        for (EventReader.Timed t : batch) {
            chain = chain.compose(v -> store.get(t.envelope().subject()).map(record -> {
                if (response.ended() || response.closed()) {
                    return null;
                }
                ContainerRecord r = record.orElse(null);
                for (Map<String, Object> event : DockerEvent.of(t.envelope(), r, t.timeNanos())) {
                    if (filters.test(event)) {
                        response.write(DockerJson.write(event) + "\n");
                    }
                }
                return null;
            }).mapEmpty());
        }
        return chain;
    }
}
