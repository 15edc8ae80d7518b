package io.berth.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code berth.commands.handled}: commands a service took off its topic, by CloudEvents type; one name for all. */
public final class CommandsHandled {
    private final MeterRegistry registry;
    private final String handler;

    /** @param handler the service that handles, the {@code handler} label ({@code scheduler}, {@code node-agent}) */
    public CommandsHandled(MeterRegistry registry, String handler) {
        this.registry = registry;
        this.handler = handler;
    }

    /** Counts one command of {@code type}. */
    public void count(String type) {
        Counter.builder("berth.commands.handled")
                .description("Commands handled, by CloudEvents type and the service that handled them")
                .tag("type", type)
                .tag("handler", handler)
                .register(registry)
                .increment();
    }
}
