package io.berth.gateway.events;

import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: Docker's event stream, served from Kafka's {@code container-events}, so {@code --since}
 * replays history even across gateway restarts. Headers go out at once; one JSON object and a newline per event.
 * The reader's thread also turns its records into lines (records looked up only for events that do not name their
 * container), so the event loop only writes buffers, as fast as the client takes them.
 */
public final class EventsRoute {
    private static final long LOOKUP_SECONDS = 30;
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
        ResponseFlow flow = new ResponseFlow(response, vertx.getOrCreateContext());
        EventReader reader = EventReader.open(bootstrap, window,
                batch -> {
                    if (flow.open()) {
                        Buffer lines = EventLines.encode(batch, records(batch), filters);
                        // a batch the filters emptied costs the event loop nothing
                        if (lines.length() > 0) {
                            flow.send(lines);
                        }
                    }
                },
                flow::end);
        // the client went away: a reader waiting for room lets go, and its consumer closes
        response.closeHandler(v -> {
            flow.close();
            reader.close();
        });
        return response.writeHead();
    }

    /** Blocking, on the reader's thread: the records of the batch's events that do not name their container. */
    private Map<String, ContainerRecord> records(List<EventReader.Timed> batch) {
        Set<String> ids = EventLines.unnamed(batch);
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            return store.getAll(ids).toCompletionStage().toCompletableFuture().get(LOOKUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading container records", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read container records: " + e.getMessage(), e);
        }
    }
}
