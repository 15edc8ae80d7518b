package io.berth.gateway.api;

import io.berth.events.ContainerState;
import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.exec.ExecInstance;
import io.berth.gateway.exec.ExecStore;
import io.berth.gateway.exec.FrameRelay;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.ApiVersion;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.http.RawUpgrade;
import io.berth.gateway.http.Router;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
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
public final class DockerExecRoutes {
    private final ContainerStore store;
    private final ExecStore execs;
    private final RawUpgrade upgrade;
    private final NodeStreams agents;
    private final GatewayMeters meters;

    public DockerExecRoutes(ContainerStore store, ExecStore execs, RawUpgrade upgrade, NodeStreams agents,
            GatewayMeters meters) {
        this.meters = meters;
        this.store = store;
        this.execs = execs;
        this.upgrade = upgrade;
        this.agents = agents;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/exec", this::create)
                .add(HttpMethod.POST, "/exec/{id}/start", this::start)
                .add(HttpMethod.GET, "/exec/{id}/json", this::inspect)
                .add(HttpMethod.POST, "/exec/{id}/resize", this::resize);
    }

    private Future<Void> create(Exchange ex) {
        return ex.body().compose(body -> store.find(ex.param("id")).compose(r -> {
            requireActive(r);
            JsonObject config = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            if (config.getJsonArray("Cmd") == null || config.getJsonArray("Cmd").isEmpty()) {
                throw ApiError.badRequest("No exec command specified");
            }
            byte[] random = new byte[32];
            ThreadLocalRandom.current().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            return execs.put(ExecInstance.created(id, r.id(), config)).compose(v -> ex.json(201, Map.of("Id", id)));
        }));
    }

    private Future<Void> inspect(Exchange ex) {
        return found(ex.param("id")).compose(e -> {
            JsonObject config = e.configJson();
            JsonObject view = new JsonObject().put("ID", e.id()).put("Running", e.running())
                    .put("ExitCode", e.exitCode()).put("ContainerID", e.containerId())
                    .put("Pid", e.pid()).put("CanRemove", false)
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

    private Future<ExecInstance> found(String id) {
        return execs.get(id).map(o -> o.orElseThrow(() -> ApiError.notFound("No such exec instance: " + id)));
    }

    private Future<Void> resize(Exchange ex) {
        return found(ex.param("id")).compose(e -> containerOf(e.containerId()).compose(r -> agents.post(r,
                        "exec/" + e.id() + "/resize", "h=" + ex.integer("h", 0) + "&w=" + ex.integer("w", 0))))
                .compose(v -> ex.response().setStatusCode(200).end());
    }

    private Future<Void> start(Exchange ex) {
        return ex.body().compose(body -> found(ex.param("id")).compose(e -> {
            JsonObject start = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            JsonObject config = e.configJson();
            boolean tty = flag(config, "Tty") || flag(start, "Tty");
            if (start.getJsonArray("ConsoleSize") != null) {
                config.put("ConsoleSize", start.getJsonArray("ConsoleSize"));
            }
            config.put("Tty", tty);
            return containerOf(e.containerId()).compose(r -> {
                requireActive(r);
                return agents.send(r, "exec/" + e.id() + "/start", config.toBuffer())
                        .compose(up -> execs.put(e.started()).map(v -> up))
                        .compose(up -> answer(ex, e, tty, flag(start, "Detach"), up,
                                flag(config, "AttachStdin") ? r : null));
            });
        }));
    }

    /** Sends the client its head (101, 200 stream or empty 200), then the frames; stores the exit code first. */
    private Future<Void> answer(Exchange ex, ExecInstance exec, boolean tty, boolean detach, NodeStreams.Upstream up,
                                ContainerRecord stdinOf) {
        boolean multiplexed = !tty && ApiVersion.compare(ex.version().effective(), "1.42") >= 0;
        String type = multiplexed ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream";
        Future<WriteStream<Buffer>> sink;
        // the agent's stream goes when the client does (the agent then ends the exec's process; dockerd lets it run)
        if (detach) {
            sink = ex.response().setStatusCode(200).end().map(v -> null);
        } else if (Hijack.wanted(ex.request())) {
            sink = upgrade.upgrade(ex.request(), type).onFailure(x -> up.request().reset()).map(socket -> {
                socket.closeHandler(v -> up.request().reset());
                if (stdinOf != null) {
                    stdin(ex, socket, stdinOf, exec);
                } else {
                    socket.handler(ignored -> { });
                }
                return socket;
            });
        } else {
            ex.response().setStatusCode(200).setChunked(true).putHeader("Content-Type", type);
            ex.response().closeHandler(v -> up.request().reset());
            sink = Future.succeededFuture(ex.response());
        }
        return sink.compose(out -> meters.track("exec", relay(exec, tty, up.response(), out)));
    }

    private Future<Void> relay(ExecInstance exec, boolean tty, HttpClientResponse resp, WriteStream<Buffer> out) {
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
        resp.endHandler(v -> execs.put(exec.exited(code[0] < 0 ? 126 : code[0]))
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
    private void stdin(Exchange ex, NetSocket socket, ContainerRecord container, ExecInstance exec) {
        socket.pause();
        agents.input(container, "exec/" + exec.id() + "/stdin", null).onSuccess(req -> {
            socket.handler(req::write);
            socket.closeHandler(v -> req.reset());
            socket.resume();
            // the CLI half-closes at stdin EOF (the socket stays open for output still to come); the end is
            // queued on the context, behind the bytes resume() releases, so none of them is cut off
            Hijack.whenInputShut(ex.request(), req::end);
        }).onFailure(e -> {
            socket.handler(ignored -> { });
            socket.resume();
        });
    }

    private Future<ContainerRecord> containerOf(String containerId) {
        return store.get(containerId).map(r -> {
            ContainerRecord record = r.orElseThrow(() -> ApiError.noSuchContainer(containerId));
            if (record.nodeId() == null) {
                throw ApiError.conflict("container " + containerId + " is not running");
            }
            return record;
        });
    }

    /** dockerd's getActiveContainer: exec needs a running container that is not paused (nor restarting). */
    private static void requireActive(ContainerRecord r) {
        if (!ContainerLifecycleRoutes.running(r)) {
            throw ApiError.conflict("container " + r.id() + " is not running");
        }
        if (r.status() == ContainerState.PAUSED) {
            throw ApiError.conflict("Container " + r.id() + " is paused, unpause the container before exec");
        }
        if (r.status() == ContainerState.RESTARTING) {
            throw ApiError.conflict("Container " + r.id() + " is restarting, wait until the container is running");
        }
    }

    /** docker-java sends every unset field as null ({"Detach":null,"Tty":null}): null counts as false. */
    private static boolean flag(JsonObject json, String key) {
        return Boolean.TRUE.equals(json.getValue(key));
    }
}
