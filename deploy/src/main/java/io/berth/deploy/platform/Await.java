package io.berth.deploy.platform;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;

/** Waits on a Vert.x future from a launcher thread (never from an event loop). */
final class Await {

    static <T> T result(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Await() {
    }
}
