package io.berth.deploy.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback server that forwards each distinct request once to a real gateway and answers every repeat from a copy
 * of that first answer, at once: timing a client against it gives the client's own floor for the same bytes, which is
 * what no engine, dockerd included, can get under.
 */
final class CannedAnswers {
    private record Answer(int status, MultiMap headers, Buffer body) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final int upstreamPort;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private HttpServer server;

    CannedAnswers(Vertx vertx, int upstreamPort) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient();
        this.upstreamPort = upstreamPort;
    }

    /** Listens on a free loopback port; the future gives it. */
    Future<Integer> start() {
        return vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1").map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    /** Drops the kept answers: the next request of each is forwarded again. */
    void forget() {
        answers.clear();
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void answer(HttpServerRequest request) {
        String key = request.method() + " " + request.uri();
        Answer kept = answers.get(key);
        if (kept != null) {
            send(request, kept);
            return;
        }
        request.body().compose(body -> client.request(request.method(), upstreamPort, "127.0.0.1", request.uri())
                .compose(upstream -> upstream.send(body)
                        .compose(response -> response.body().map(bytes -> toAnswer(response, bytes)))))
                .onSuccess(answer -> {
                    if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
                        answers.put(key, answer);
                    }
                    send(request, answer);
                })
                .onFailure(e -> request.response().setStatusCode(502).end(String.valueOf(e.getMessage())));
    }

    private static Answer toAnswer(HttpClientResponse response, Buffer body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        return new Answer(response.statusCode(), headers, body);
    }

    private static void send(HttpServerRequest request, Answer answer) {
        request.response().setStatusCode(answer.status()).headers().addAll(answer.headers());
        request.response().end(answer.body());
    }
}
