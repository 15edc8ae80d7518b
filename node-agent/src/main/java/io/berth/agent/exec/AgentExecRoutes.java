package io.berth.agent.exec;

import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.lifecycle.Tracked;
import io.berth.agent.runtime.ExecTarget;
import io.berth.agent.stream.StreamEndpoint;
import io.berth.agent.stream.StreamErrors;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's exec routes, which the gateway proxies {@code docker exec} to.
 *
 * <pre>
 * POST /containers/{id}/exec/{execId}/start   body: {"Cmd","Env","User","WorkingDir","Tty","ConsoleSize":[h,w]}
 *   409 {"message"} when the container does not run here; else 200, chunked, a sequence of Docker frames
 *   (8-byte header: stream byte, 3 zero bytes, big-endian length) whatever the tty: stream 1 stdout (the
 *   terminal with a tty), 2 stderr, and always last stream 3 = the exit code in ASCII decimal. The gateway
 *   turns that into Docker's framing (or raw bytes with a tty) and stores the code before its client sees EOF.
 * POST /containers/{id}/exec/{execId}/resize?h=&amp;w=   200, or 404 when that exec is not running
 * POST /containers/{id}/exec/{execId}/stdin   chunked body = the process's stdin, sent once start has answered
 *   200 when the body ended (the process then sees EOF), 404 when that exec is not running. Without
 *   "AttachStdin":true in the start body the process sees EOF at once and this route is not used.
 * </pre>
 */
public final class AgentExecRoutes {
    private static final Logger LOG = Logger.getLogger(AgentExecRoutes.class.getName());
    private static final String ID = "/containers/{id:[0-9a-f]{64}}/exec/{exec:[0-9a-f]{64}}/";
    static final int EXIT_STREAM = 3;

    private final Vertx vertx;
    private final ContainerTable table;
    private final Path stateRoot;
    private final ExecRunner runner;
    private final Map<String, ExecProcess> running = new ConcurrentHashMap<>();

    public AgentExecRoutes(Vertx vertx, ContainerTable table, Path stateRoot, ExecRunner runner) {
        this.vertx = vertx;
        this.table = table;
        this.stateRoot = stateRoot;
        this.runner = runner;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.POST, ID + "start", this::start).add(HttpMethod.POST, ID + "resize", this::resize)
                .add(HttpMethod.POST, ID + "stdin", this::stdin);
    }

    private void start(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        String execId = params.get("exec");
        request.body().onSuccess(body -> {
            Optional<Tracked> tracked = table.running(id);
            if (tracked.isEmpty()) {
                StreamErrors.answer(request.response(), 409, "container " + id + " is not running");
                return;
            }
            ExecConfig config;
            try {
                config = config(body.length() == 0 ? new JsonObject() : body.toJsonObject());
            } catch (RuntimeException e) {
                StreamErrors.answer(request.response(), 400, String.valueOf(e.getMessage()));
                return;
            }
            Tracked t = tracked.get();
            boolean attachStdin = Boolean.TRUE.equals(body.length() == 0 ? null
                    : body.toJsonObject().getValue("AttachStdin"));
            vertx.executeBlocking(() -> runner.start(ExecTarget.of(t.process(), t.dir(), stateRoot), config), false)
                    .onSuccess(p -> relay(request.response(), execId, p, attachStdin))
                    .onFailure(e -> refused(request.response(), id, e));
        });
    }

    /**
     * A process that could not be started (an unknown user, a helper that failed) is told as dockerd tells it:
     * inside the stream the client already has, on stderr, with exit code 126, so the CLI prints the reason.
     */
    private static void refused(HttpServerResponse response, String id, Throwable e) {
        LOG.log(Level.FINE, "exec in container " + id + " not started", e);
        byte[] message = ("exec in container " + id + " failed: " + e.getMessage() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] code = "126".getBytes(StandardCharsets.US_ASCII);
        response.setChunked(true).putHeader("Content-Type", "application/vnd.berth.exec-frames").setStatusCode(200);
        response.write(frame(2, message, message.length));
        response.end(frame(EXIT_STREAM, code, code.length));
    }

    private void relay(HttpServerResponse response, String execId, ExecProcess process, boolean attachStdin) {
        running.put(execId, process);
        Context context = vertx.getOrCreateContext();
        response.setChunked(true).putHeader("Content-Type", "application/vnd.berth.exec-frames").setStatusCode(200);
        response.writeHead();
        if (!attachStdin) {
            closeStdin(process);
        }
        CompletableFuture<Void> out = copy(process.stdout(), 1, response, context, execId);
        CompletableFuture<Void> err = copy(process.stderr(), 2, response, context, execId);
        CompletableFuture.allOf(out, err).thenCompose(v -> process.exit()).whenComplete((code, e) -> {
            running.remove(execId);
            byte[] text = Integer.toString(e != null ? 255 : code).getBytes(StandardCharsets.US_ASCII);
            context.runOnContext(x -> {
                if (!response.closed() && !response.ended()) {
                    response.end(frame(EXIT_STREAM, text, text.length));
                }
            });
        });
        response.closeHandler(v -> {
            if (!process.exit().isDone()) {
                LOG.fine("exec " + execId + ": client went away, ending it");
                process.kill();
            }
        });
    }

    /** Blocking reads on a thread of their own: an exec may run for hours, which a worker pool must not pay. */
    private static CompletableFuture<Void> copy(InputStream in, int stream, HttpServerResponse response,
                                                Context context, String execId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    Buffer frame = frame(stream, buf, n);
                    context.runOnContext(x -> {
                        if (!response.closed() && !response.ended()) {
                            response.write(frame);
                        }
                    });
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "exec " + execId + " stream " + stream, e);
            }
            done.complete(null);
        }, "berth-exec-" + execId.substring(0, 12) + "-" + stream);
        reader.setDaemon(true);
        reader.start();
        return done;
    }

    /** Copies the request body into the process's stdin, in order, off the event loop; EOF at the body's end. */
    private void stdin(HttpServerRequest request, Map<String, String> params) {
        ExecProcess p = running.get(params.get("exec"));
        if (p == null) {
            StreamErrors.answer(request.response(), 404, "No such exec instance: " + params.get("exec"));
            return;
        }
        Context context = vertx.getOrCreateContext();
        request.handler(chunk -> context.executeBlocking(() -> {
            p.stdin().write(chunk.getBytes());
            p.stdin().flush();
            return null;
        }, true));
        request.endHandler(v -> context.executeBlocking(() -> {
            closeStdin(p);
            return null;
        }, true).onComplete(x -> request.response().setStatusCode(200).end()));
    }

    private static void closeStdin(ExecProcess process) {
        try {
            process.stdin().close();
        } catch (IOException e) {
            // the process is gone: nothing to tell
        }
    }

    private void resize(HttpServerRequest request, Map<String, String> params) {
        ExecProcess p = running.get(params.get("exec"));
        if (p == null) {
            StreamErrors.answer(request.response(), 404, "No such exec instance: " + params.get("exec"));
            return;
        }
        int h = Integer.parseInt(request.getParam("h", "0"));
        int w = Integer.parseInt(request.getParam("w", "0"));
        vertx.executeBlocking(() -> {
            p.resize(h, w);
            return null;
        }, false).onComplete(x -> request.response().setStatusCode(200).end());
    }

    static Buffer frame(int stream, byte[] bytes, int length) {
        return Buffer.buffer(8 + length).appendByte((byte) stream).appendByte((byte) 0).appendByte((byte) 0)
                .appendByte((byte) 0).appendInt(length).appendBytes(bytes, 0, length);
    }

    static ExecConfig config(JsonObject o) {
        JsonArray size = o.getJsonArray("ConsoleSize");
        int rows = size != null && size.size() == 2 ? size.getInteger(0) : 0;
        int cols = size != null && size.size() == 2 ? size.getInteger(1) : 0;
        return new ExecConfig(strings(o.getJsonArray("Cmd")), strings(o.getJsonArray("Env")), o.getString("User"),
                o.getString("WorkingDir"), Boolean.TRUE.equals(o.getBoolean("Tty")), rows, cols,
                Boolean.TRUE.equals(o.getBoolean("Privileged")));
    }

    private static List<String> strings(JsonArray a) {
        return a == null ? List.of() : a.stream().map(String::valueOf).toList();
    }
}
