package io.berth.deploy.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one wait of the end-to-end tests: poll a condition every 250 ms until it holds or time runs out. */
final class Eventually {
    private static final Duration POLL = Duration.ofMillis(250);

    /** True as soon as {@code condition} holds; after {@code timeout}, whatever one last look says. */
    static boolean holds(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(POLL);
        }
        return condition.getAsBoolean();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Eventually() {
    }
}
