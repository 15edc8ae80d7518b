package io.berth.gateway.api;

import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.exec.ExecStore;
import io.berth.gateway.exec.FrameRelay;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.ApiVersion;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.http.RawUpgrade;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.WriteStream;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * {@code docker exec}: create stores an exec instance, start proxies it to the agent of the container's node
 * (hijacked 101 with Upgrade, a plain streamed 200 without, an empty 200 with Detach), inspect and resize.
 * The exit code is stored before the client's stream ends: the CLI inspects right after EOF.
 */
public final class ExecRoutes {
    private final Vertx vertx;
    private final ContainerStore store;
    private final ExecStore execs;
    private final RawUpgrade upgrade;
    private final HttpClient agents;
    private final GatewayMeters meters;

    public ExecRoutes(Vertx vertx, ContainerStore store, ExecStore execs, RawUpgrade upgrade,
            GatewayMeters meters) {
        this.meters = meters;
        this.vertx = vertx;
        this.store = store;
        this.execs = execs;
        this.upgrade = upgrade;
        this.agents = vertx.createHttpClient();
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/([^/]+)/exec", this::create)
                .add(HttpMethod.POST, "/exec/([^/]+)/start", this::start)
                .add(HttpMethod.GET, "/exec/([^/]+)/json", this::inspect)
                .add(HttpMethod.POST, "/exec/([^/]+)/resize", this::resize);
    }

    private Future<Void> create(Exchange ex) {
        return ex.body().compose(body -> store.find(ex.param(0)).compose(r -> {
            if (!ContainerLifecycleRoutes.running(r)) {
                throw ApiError.conflict("container " + r.id() + " is not running");
            }
            JsonObject config = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            if (config.getJsonArray("Cmd") == null || config.getJsonArray("Cmd").isEmpty()) {
                throw ApiError.badRequest("No exec command specified");
            }
            byte[] random = new byte[32];
            ThreadLocalRandom.current().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            JsonObject exec = new JsonObject().put("ID", id).put("ContainerID", r.id()).put("Config", config)
                    .put("Running", false).putNull("ExitCode").put("Pid", 0);
            return execs.put(exec).compose(v -> ex.json(201, Map.of("Id", id)));
        }));
    }

    private Future<Void> inspect(Exchange ex) {
        return found(ex.param(0)).compose(e -> {
            JsonObject config = e.getJsonObject("Config");
            JsonObject view = new JsonObject().put("ID", e.getString("ID")).put("Running", e.getBoolean("Running"))
                    .put("ExitCode", e.getValue("ExitCode")).put("ContainerID", e.getString("ContainerID"))
                    .put("Pid", e.getValue("Pid")).put("CanRemove", false)
                    .put("OpenStdin", flag(config, "AttachStdin"))
                    .put("OpenStdout", !Boolean.FALSE.equals(config.getValue("AttachStdout")))
                    .put("OpenStderr", !Boolean.FALSE.equals(config.getValue("AttachStderr")))
                    .put("ProcessConfig", new JsonObject().put("tty", flag(config, "Tty"))
                            .put("entrypoint", config.getJsonArray("Cmd").getValue(0))
                            .put("arguments", config.getJsonArray("Cmd").copy().getList().subList(1,
                                    config.getJsonArray("Cmd").size()))
                            .put("user", config.getString("User", ""))
                            .put("privileged", flag(config, "Privileged")));
            return ex.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(view.encode());
        });
    }

    private Future<JsonObject> found(String id) {
        return execs.get(id).map(o -> o.orElseThrow(() -> ApiError.notFound("No such exec instance: " + id)));
    }

    private Future<Void> resize(Exchange ex) {
        return found(ex.param(0)).compose(e -> agentOf(e.getString("ContainerID")).compose(address ->
                agents.request(options(address, "/containers/" + e.getString("ContainerID") + "/exec/"
                        + e.getString("ID") + "/resize?h=" + ex.integer("h", 0) + "&w=" + ex.integer("w", 0)))
                        .compose(req -> req.send()).compose(HttpClientResponse::body)))
                .compose(b -> ex.response().setStatusCode(200).end());
    }

    private Future<Void> start(Exchange ex) {
        return ex.body().compose(body -> found(ex.param(0)).compose(e -> {
            JsonObject start = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            JsonObject config = e.getJsonObject("Config");
            boolean tty = flag(config, "Tty") || flag(start, "Tty");
            if (start.getJsonArray("ConsoleSize") != null) {
                config.put("ConsoleSize", start.getJsonArray("ConsoleSize"));
            }
            config.put("Tty", tty);
            String cid = e.getString("ContainerID");
            String[] agent = new String[1];
            return agentOf(cid).compose(address -> {
                        agent[0] = address;
                        return agents.request(options(address,
                                "/containers/" + cid + "/exec/" + e.getString("ID") + "/start"))
                                .compose(req -> req.send(config.toBuffer()));
                    })
                    // Held until the client's side is ready: output arriving meanwhile must not be dropped.
                    .compose(resp -> resp.statusCode() == 200 ? Future.succeededFuture(resp.pause())
                            : resp.body().compose(b -> Future.failedFuture(new ApiError(resp.statusCode(),
                            message(b)))))
                    .compose(resp -> execs.put(e.copy().put("Running", true)).map(v -> resp))
                    .compose(resp -> answer(ex, e, tty, flag(start, "Detach"), resp, flag(config, "AttachStdin")
                            ? agent[0] : null));
        }));
    }

    /** Sends the client its head (101, 200 stream or empty 200), then the frames; stores the exit code first. */
    private Future<Void> answer(Exchange ex, JsonObject exec, boolean tty, boolean detach, HttpClientResponse resp,
                                String stdinAgent) {
        boolean multiplexed = !tty && ApiVersion.compare(ex.version().effective(), "1.42") >= 0;
        String type = multiplexed ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream";
        String up = ex.request().getHeader("Upgrade");
        Future<WriteStream<Buffer>> sink;
        if (detach) {
            sink = ex.response().setStatusCode(200).end().map(v -> null);
        } else if (up != null && up.equalsIgnoreCase("tcp")) {
            sink = upgrade.upgrade(ex.request(), type).map(socket -> {
                if (stdinAgent != null) {
                    stdin(ex, socket, stdinAgent, exec);
                }
                return socket;
            });
        } else {
            ex.response().setStatusCode(200).setChunked(true).putHeader("Content-Type", type);
            sink = Future.succeededFuture(ex.response());
        }
        return sink.compose(out -> meters.track("exec", relay(exec, tty, resp, out)));
    }

    private Future<Void> relay(JsonObject exec, boolean tty, HttpClientResponse resp, WriteStream<Buffer> out) {
        Promise<Void> done = Promise.promise();
        int[] code = {-1};
        Consumer<Buffer> write = b -> {
            if (out != null) {
                out.write(b);
            }
        };
        FrameRelay relay = new FrameRelay(tty, write, c -> code[0] = c);
        resp.handler(relay::feed);
        resp.exceptionHandler(done::tryFail);
        resp.endHandler(v -> execs.put(exec.copy().put("Running", false).put("ExitCode", code[0] < 0 ? 126 : code[0]))
                .onComplete(x -> {
                    if (out != null) {
                        out.end();
                    }
                    done.tryComplete();
                }));
        resp.resume();
        return done.future();
    }

    /**
     * Streams what the client types (the hijacked socket's input) to the exec's stdin on its node, and ends it
     * when the client half-closes (the CLI's CloseWrite at stdin EOF).
     */
    private void stdin(Exchange ex, NetSocket socket, String address, JsonObject exec) {
        socket.pause();
        agents.request(options(address, "/containers/" + exec.getString("ContainerID") + "/exec/"
                + exec.getString("ID") + "/stdin")).onSuccess(req -> {
            req.setChunked(true);
            socket.handler(req::write);
            req.response().onComplete(x -> { });
            socket.resume();
            // the CLI half-closes at stdin EOF (the socket stays open for output still to come); the end is
            // queued on the context, behind the bytes resume() releases, so none of them is cut off
            Hijack.whenInputShut(ex.request(), req::end);
        }).onFailure(e -> socket.resume());
    }

    private Future<String> agentOf(String containerId) {
        return store.get(containerId).compose(r -> {
            ContainerRecord record = r.orElseThrow(() -> ApiError.noSuchContainer(containerId));
            if (record.nodeId() == null) {
                throw ApiError.conflict("container " + containerId + " is not running");
            }
            return store.node(record.nodeId()).map(n -> n.map(x -> x.address())
                    .orElseThrow(() -> ApiError.conflict("node " + record.nodeId() + " of container "
                            + containerId + " is unknown")));
        });
    }

    private static RequestOptions options(String address, String path) {
        int colon = address.lastIndexOf(':');
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(path);
    }

    /** docker-java sends every unset field as null ({"Detach":null,"Tty":null}): null counts as false. */
    private static boolean flag(JsonObject json, String key) {
        return Boolean.TRUE.equals(json.getValue(key));
    }

    private static String message(Buffer body) {
        try {
            return body.toJsonObject().getString("message", body.toString());
        } catch (RuntimeException e) {
            return body.toString();
        }
    }
}
