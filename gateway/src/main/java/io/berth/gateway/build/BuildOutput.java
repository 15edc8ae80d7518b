package io.berth.gateway.build;

import io.berth.gateway.http.DockerJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The classic builder's JSON-lines stream: one object and {@code \r\n} per chunk ({@code stream}, {@code aux},
 * {@code errorDetail}). With {@code q=1} only the ID and errors are written. Writes after the client left are dropped.
 */
public final class BuildOutput {
    private final Consumer<String> sink;
    private final boolean quiet;

    /** {@code sink} takes each line (the route: the response while the client is there). */
    public BuildOutput(Consumer<String> sink, boolean quiet) {
        this.sink = sink;
        this.quiet = quiet;
    }

    public void stream(String text) {
        if (!quiet) {
            write(Map.of("stream", text));
        }
    }

    public void aux(String id) {
        if (!quiet) {
            write(Map.of("aux", Map.of("ID", id)));
        }
    }

    /** The built image's ID: {@code -q} prints only this. */
    public void built(String id) {
        if (quiet) {
            write(Map.of("stream", id + "\n"));
        }
    }

    public void error(int code, String message) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (code != 0) {
            detail.put("code", code);
        }
        detail.put("message", message);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorDetail", detail);
        out.put("error", message);
        write(out);
    }

    private void write(Map<String, ?> message) {
        sink.accept(DockerJson.write(message) + "\r\n");
    }
}
