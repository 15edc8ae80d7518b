package io.berth.gateway.ui;

import io.berth.events.Json;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.EventInbox;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard under {@code /berth/ui/}: three static files from the class path (plain HTML, CSS and JavaScript,
 * no build step) and {@code /berth/ui/events}, a Server-Sent Events stream of every container event as the
 * gateway's Kafka consumer receives it. The page reads nodes and containers from {@code /berth/v1/cluster} and
 * {@code /containers/json}, and re-reads them when an event arrives, so nothing polls on a timer.
 */
public final class DashboardRoutes {
    private static final String PREFIX = "/berth/ui";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    private final Vertx vertx;
    private final EventInbox inbox;

    public DashboardRoutes(Vertx vertx, EventInbox inbox) {
        this.vertx = vertx;
        this.inbox = inbox;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, PREFIX, ex -> file(ex, "index.html"))
                .add(HttpMethod.GET, PREFIX + "/", ex -> file(ex, "index.html"))
                .add(HttpMethod.GET, PREFIX + "/events", this::events)
                .add(HttpMethod.GET, PREFIX + "/{file}", ex -> file(ex, ex.param("file")));
    }

    private Future<Void> file(Exchange ex, String name) {
        if (ex.request().path().equals(PREFIX)) {
            // relative links in the page resolve against the directory
            return ex.response().setStatusCode(301).putHeader("Location", PREFIX + "/").end();
        }
        if (!FILES.containsKey(name)) {
            return Future.failedFuture(ApiError.notFound("page not found"));
        }
        return vertx.executeBlocking(() -> {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream("/berth-ui/" + name)) {
                if (in == null) {
                    throw ApiError.notFound("page not found");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the dashboard's " + name, e);
            }
        }, false).compose(bytes -> ex.response().putHeader("Content-Type", FILES.get(name))
                .putHeader("Cache-Control", "no-cache").end(io.vertx.core.buffer.Buffer.buffer(bytes)));
    }

    // One listener per open page: events arrive on the Kafka consumer's thread and are written on the page's context.
    private Future<Void> events(Exchange ex) {
        HttpServerResponse response = ex.response();
        Context context = vertx.getOrCreateContext();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        response.write(": berth container events\n\n");
        Runnable unlisten = inbox.listen(e -> context.runOnContext(v -> {
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write("event: container\ndata: " + Json.write(view(e)) + "\n\n");
            }
        }));
        response.closeHandler(v -> unlisten.run());
        return Future.succeededFuture();
    }

    /** The event as the page shows it: its type, container, time, the actor's name and image, and its data. */
    static Map<String, Object> view(Envelope e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.type());
        out.put("subject", e.subject());
        out.put("time", e.time() == null ? null : e.time().toString());
        out.put("source", e.source() == null ? null : e.source().toString());
        out.put("name", e.actor() == null ? null : e.actor().name());
        out.put("image", e.actor() == null ? null : e.actor().image());
        out.put("data", e.data());
        return out;
    }
}
