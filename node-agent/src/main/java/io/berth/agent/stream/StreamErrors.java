package io.berth.agent.stream;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors in Docker's {@code {"message":…}} shape, so the gateway can pass them on unchanged. */
public final class StreamErrors {

    /** Answers with {@code status} if nothing was sent yet, else just ends the stream. */
    public static void answer(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", message).encode());
    }

    private StreamErrors() {
    }
}
