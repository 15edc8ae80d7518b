package io.berth.imagestore;

import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real image store on a free loopback port, with a plain HTTP client, for tests. */
final class RunningStore implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final ImageStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningStore(Path root, Duration gcGrace) throws Exception {
        store = new ImageStore(vertx, new ImageStoreConfig(root, "127.0.0.1", 0, Path.of("/bin/busybox"),
                Duration.ZERO, gcGrace));
        store.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    String url() {
        return store.url();
    }

    URI uri(String pathOrLocation) {
        return URI.create(store.url()).resolve(pathOrLocation);
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    @Override
    public void close() throws Exception {
        store.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
