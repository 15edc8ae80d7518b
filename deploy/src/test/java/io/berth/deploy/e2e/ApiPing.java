package io.berth.deploy.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Asks {@code GET /_ping} over a Unix socket through {@link RawHttp}, so readiness needs nothing but the JDK. */
final class ApiPing {

    /** Whether the socket answered 200 {@code OK} in time. */
    static boolean answers(Path socket, Duration timeout) {
        try {
            RawHttp.Response r = new RawHttp(socket).send("GET", "/_ping", Map.of(), null, false, timeout);
            return r.status() == 200 && r.body().endsWith("OK");
        } catch (AssertionError notYet) {
            // RawHttp fails a test on no socket, no answer in time or no HTTP; while waiting it means "not yet"
            return false;
        }
    }

    private ApiPing() {
    }
}
