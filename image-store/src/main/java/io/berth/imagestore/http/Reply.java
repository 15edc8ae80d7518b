package io.berth.imagestore.http;

import java.nio.file.Path;
import java.util.Map;

/** What to answer, decided off the event loop and written on it. */
public sealed interface Reply {
    int status();

    /** The Content-Type, or null for a reply without a body. */
    String contentType();

    Map<String, String> headers();

    /** A small body held in memory (manifests, lists, errors); empty for 201/202/204 replies. */
    record Document(int status, String contentType, byte[] body, Map<String, String> headers) implements Reply {
    }

    /** A blob, or {@code length} bytes of it from {@code offset}, streamed from its file. */
    record FileBody(int status, String contentType, Path file, long offset, long length, Map<String, String> headers)
            implements Reply {
    }

    static Reply json(int status, byte[] body) {
        return new Document(status, "application/json", body, Map.of());
    }

    static Reply json(int status, byte[] body, Map<String, String> headers) {
        return new Document(status, "application/json", body, headers);
    }

    static Reply empty(int status, Map<String, String> headers) {
        return new Document(status, null, new byte[0], headers);
    }

    static Reply error(RegistryError error) {
        return json(error.status(), error.body());
    }
}
