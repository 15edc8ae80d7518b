package io.berth.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own meters: commands it publishes, how long a start takes from publish to {@code started}, and
 * the byte streams it proxies right now. Labels are command types and stream kinds only, never ids.
 */
public final class GatewayMeters {
    /** The stream kinds the gateway proxies to node agents. */
    public static final String[] STREAM_KINDS = {"logs", "attach", "exec", "stats"};
    private final PrometheusMeterRegistry registry;
    private final Timer startLatency;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    public GatewayMeters(PrometheusMeterRegistry registry) {
        this.registry = registry;
        // buckets from 5 ms to 2 min: a start pulls layers on a cold node, so the tail is long
        this.startLatency = Timer.builder("berth.container.start")
                .description("From the start command's publish to the container.started event that answers it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        for (String kind : STREAM_KINDS) {
            AtomicInteger open = new AtomicInteger();
            openStreams.put(kind, open);
            Gauge.builder("berth.gateway.streams.open", open, AtomicInteger::get)
                    .description("Streams proxied to node agents that are open now")
                    .tag("kind", kind)
                    .register(registry);
        }
    }

    /** The registry {@code /metrics} scrapes. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Counts one command handed to Kafka, by its CloudEvents type. */
    public void published(String type) {
        Counter.builder("berth.commands.published")
                .description("Commands published to Kafka, by CloudEvents type")
                .tag("type", type)
                .tag("publisher", "gateway")
                .register(registry)
                .increment();
    }

    /** Counts one image read: answered from the kept catalogue, or by asking the registry (not vouched for). */
    public void imageRead(boolean kept) {
        Counter.builder("berth.gateway.image.reads")
                .description("Image reads (list, inspect, create), by where the answer came from")
                .tag("source", kept ? "kept" : "registry")
                .register(registry)
                .increment();
    }

    /** Records one container start, command published to {@code started} seen. */
    public void started(Duration latency) {
        startLatency.record(latency);
    }

    /** Counts {@code stream} (a pipe that completes when either side ends) as open until it completes. */
    public <T> Future<T> track(String kind, Future<T> stream) {
        AtomicInteger open = openStreams.get(kind);
        if (open == null) {
            throw new IllegalArgumentException("unknown stream kind " + kind);
        }
        open.incrementAndGet();
        return stream.onComplete(x -> open.decrementAndGet());
    }
}
