package io.berth.deploy.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;

/**
 * Makes the Vert.x instance every service shares, on epoll (the gateway's Unix socket needs the native
 * transport), with Vert.x's Micrometer metrics recording into the process's registry. HTTP meters are labelled
 * by route (each router names the pattern it matched), method and code; never by path, which holds ids.
 */
public final class NativeVertx {

    public static Vertx create(MeterRegistry registry) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        if (!vertx.isNativeTransportEnabled()) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            vertx.close();
            throw new IllegalStateException("Vert.x native transport (netty epoll) is unavailable, so the API cannot "
                    + "listen on a Unix socket: " + (cause == null ? "unknown reason" : cause), cause);
        }
        return vertx;
    }

    private NativeVertx() {
    }
}
