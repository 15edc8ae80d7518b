package io.berth.scheduler.metrics;

import io.berth.events.kafka.CommandsHandled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

/**
 * The scheduler's meters: commands it handles by type, and each placement's decision-plus-reservation time and
 * outcome. Labels are command types and outcomes only.
 */
public final class SchedulerMeters {
    private final MeterRegistry registry;
    private final CommandsHandled handled;
    private final Timer placement;
    private final Counter placed;
    private final Counter unschedulable;

    public SchedulerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.handled = new CommandsHandled(this.registry, "scheduler");
        this.placement = Timer.builder("berth.placement")
                .description("Placing one create: snapshot, filters, scores and the reservation swap")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.placed = placements("placed");
        this.unschedulable = placements("unschedulable");
    }

    /** Meters nobody scrapes (tests, benchmarks). */
    public static SchedulerMeters unscraped() {
        return new SchedulerMeters(new SimpleMeterRegistry());
    }

    private Counter placements(String outcome) {
        return Counter.builder("berth.placements")
                .description("Creates placed, or found unschedulable")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The registry the lag gauges go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one command taken off {@code container-commands}, by CloudEvents type. */
    public void handled(String type) {
        handled.count(type);
    }

    /** Records one placement attempt. */
    public void placement(boolean wasPlaced, long nanos) {
        placement.record(Duration.ofNanos(nanos));
        (wasPlaced ? placed : unschedulable).increment();
    }
}
