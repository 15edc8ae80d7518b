package io.berth.imagestore.http;

import java.nio.file.Path;
import java.util.Map;

/** What to answer, decided off the event loop and written on it. */
public sealed interface Reply {
    int status();

    String contentType();

    Map<String, String> headers();

    /** A small body held in memory (manifests, lists, errors). */
    record Document(int status, String contentType, byte[] body, Map<String, String> headers) implements Reply {
    }

    /** A blob streamed from its file. */
    record FileBody(int status, String contentType, Path file, long size, Map<String, String> headers) implements Reply {
    }

    static Reply json(int status, byte[] body) {
        return new Document(status, "application/json", body, Map.of());
    }

    static Reply error(RegistryError error) {
        return json(error.status(), error.body());
    }
}
