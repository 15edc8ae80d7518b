package io.berth.agent.stats;

import io.berth.agent.stream.StreamErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Writes stats objects: one per second, each with the previous sample as its {@code precpu_stats}, until the
 * client leaves or the container stops; or, for {@code stream=0}, a single one whose earlier sample was taken a
 * second before, so the CLI's CPU % is real rather than 0.
 */
final class StatsStream {
    static final long INTERVAL_MS = 1000;

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Callable<StatsSample> sampler;
    private final BiFunction<StatsSample, StatsSample, JsonObject> render;
    private final BooleanSupplier running;
    private final boolean once;
    private StatsSample previous;

    StatsStream(Vertx vertx, HttpServerResponse response, Callable<StatsSample> sampler,
                BiFunction<StatsSample, StatsSample, JsonObject> render, BooleanSupplier running, boolean once) {
        this.vertx = vertx;
        this.response = response;
        this.sampler = sampler;
        this.render = render;
        this.running = running;
        this.once = once;
    }

    void start() {
        vertx.executeBlocking(sampler).onSuccess(first -> {
            previous = first;
            vertx.setTimer(INTERVAL_MS, t -> tick());
        }).onFailure(this::fail);
    }

    private void tick() {
        if (response.closed() || response.ended()) {
            return;
        }
        if (!running.getAsBoolean()) {
            // the container stopped: a stream ends here, a single answer was due anyway
            if (response.headWritten()) {
                response.end();
            } else {
                StreamErrors.answer(response, 409, "container stopped while its stats were read");
            }
            return;
        }
        vertx.executeBlocking(sampler).onSuccess(now -> {
            String json = render.apply(now, previous).encode() + "\n";
            previous = now;
            if (once) {
                response.setStatusCode(200).putHeader("Content-Type", "application/json").end(json);
                return;
            }
            if (!response.headWritten()) {
                response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
            }
            if (!response.closed()) {
                response.write(json);
                vertx.setTimer(INTERVAL_MS, t -> tick());
            }
        }).onFailure(this::fail);
    }

    private void fail(Throwable e) {
        StreamErrors.answer(response, 500, String.valueOf(e.getMessage()));
    }
}
