package io.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.bus.EventInbox;
import io.berth.gateway.container.ContainerIds;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.CreateRequest;
import io.berth.gateway.container.SpecBuilder;
import io.berth.gateway.container.Times;
import io.berth.gateway.image.RegistryClient;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The containers a build uses, through the same path as {@code docker run}: a record and a {@code container.create}
 * command placed by the scheduler on a node, whose agent runs it; then its output, its upper directory as a
 * layer, or a path of its root ({@code COPY --from}), and its removal. No image volumes and no healthcheck: a
 * step's container is only the command.
 */
public final class StepContainers implements StepRunner {
    private static final Logger LOG = Logger.getLogger(StepContainers.class.getName());
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private final Vertx vertx;
    private final ContainerStore store;
    private final Conversation conversation;
    private final EventInbox inbox;
    private final NodeStreams streams;
    private final RegistryClient registry;
    private final Path tempDir;
    private final SecureRandom random = new SecureRandom();

    public StepContainers(Vertx vertx, ContainerStore store, Conversation conversation, EventInbox inbox,
                          NodeStreams streams, RegistryClient registry, Path tempDir) {
        this.vertx = vertx;
        this.store = store;
        this.conversation = conversation;
        this.inbox = inbox;
        this.streams = streams;
        this.registry = registry;
        this.tempDir = tempDir;
    }

    /** Creates (not starts) a container of {@code image} running {@code cmd}; answers its id once placed. */
    @Override
    public Future<String> create(StepImage image, List<String> cmd, List<String> env, String user, String workdir,
                                 String networkMode) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("Image", image.ref().familiar());
        body.set("Cmd", Json.MAPPER.valueToTree(cmd));
        body.putArray("Entrypoint");
        body.set("Env", Json.MAPPER.valueToTree(env));
        body.put("User", user);
        body.put("WorkingDir", workdir);
        body.putObject("Healthcheck").putArray("Test").add("NONE");
        if (networkMode != null && !networkMode.isEmpty() && !networkMode.equals("default")) {
            body.putObject("HostConfig").put("NetworkMode", networkMode);
        }
        String id = ContainerIds.fresh(random);
        String name = "berth-build-" + id.substring(0, 12);
        CreateRequest req = CreateRequest.parse(Json.bytes(body));
        conversation.requireConnected();
        return registry.resolve(image.ref()).compose(resolved -> {
            ContainerSpec spec = SpecBuilder.build(id, req, resolved, () -> ContainerIds.fresh(random)).toBuilder().mounts(List.of()).build();
            return store.claimName(name, id).compose(holder -> {
                if (holder.isPresent()) {
                    return Future.failedFuture(new BuildFailure("the name " + name + " is taken"));
                }
                ContainerRecord record = ContainerRecord.accepted(id, name, spec, body.toString(), Times.format(Instant.now()));
                return store.put(record).compose(v -> conversation.ask(new CreateContainer(id, name, spec),
                                (e, c) -> e.data() instanceof ContainerScheduled || e.data() instanceof ContainerUnschedulable,
                                ANSWER))
                        .transform(ar -> {
                            if (ar.succeeded() && ar.result().data() instanceof ContainerScheduled) {
                                return Future.succeededFuture(id);
                            }
                            Throwable cause = ar.succeeded()
                                    ? new BuildFailure(ar.result().as(ContainerUnschedulable.class).reason()) : ar.cause();
                            return store.forget(id, name).transform(x -> Future.<String>failedFuture(cause));
                        });
            });
        });
    }

    /** Starts the container and answers its exit code once it has died. */
    @Override
    public Future<Integer> run(String id) {
        EventInbox.Waiter died = inbox.await(id, e -> e.data() instanceof ContainerDied
                || e.data() instanceof ContainerRemoved, null);
        return store.setDesired(id, "running")
                .compose(v -> conversation.ask(new StartContainer(id),
                        (e, c) -> Conversation.answerTo(e, c, ContainerStarted.class) || Conversation.failedFor(e, c)
                                || e.data() instanceof ContainerDied, ANSWER))
                .compose(answer -> {
                    if (answer.data() instanceof CommandFailed failed) {
                        died.cancel();
                        return Future.failedFuture(new BuildFailure(failed.message()));
                    }
                    if (answer.data() instanceof ContainerDied d) {
                        died.cancel();
                        return Future.succeededFuture(d.exitCode());
                    }
                    return died.future().map(e -> e.data() instanceof ContainerDied d ? d.exitCode() : 137);
                }, e -> {
                    died.cancel();
                    return Future.failedFuture(e);
                });
    }

    /** What the container wrote to stdout and stderr, in order. */
    @Override
    public Future<Buffer> output(String id) {
        return store.find(id).compose(r -> streams.forward(r, HttpMethod.GET, "logs", "stdout=1&stderr=1", null))
                .compose(up -> body(up).map(StepContainers::demux));
    }

    /** The container's upper directory as a layer (whiteouts included), gzipped and digested. */
    @Override
    public Future<LayerFile> layer(String id) {
        return store.find(id).compose(r -> streams.forward(r, HttpMethod.GET, "layer", "pause=false", null))
                .compose(up -> up.statusCode() != 200
                        ? body(up).compose(b -> Future.failedFuture(new BuildFailure(
                        "the node could not read the step's changes: " + b.toString().strip())))
                        : spool(up).compose(file -> vertx.executeBlocking(() -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        return LayerFile.write(in, tempDir, true);
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }, false)));
    }

    /** A path of the container's root as the tar {@code docker cp} reads, spooled to a file the caller deletes. */
    @Override
    public Future<Path> archive(String id, String path) {
        String query = "path=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8);
        return store.find(id).compose(r -> streams.forward(r, HttpMethod.GET, "archive", query, null))
                .compose(up -> up.statusCode() == 404
                        ? body(up).compose(b -> Future.failedFuture(new BuildFailure("COPY failed: stat " + path
                        + ": file does not exist")))
                        : up.statusCode() != 200
                        ? body(up).compose(b -> Future.failedFuture(new BuildFailure("COPY failed: "
                        + b.toString().strip())))
                        : spool(up));
    }

    /** The whole body of an agent's answer, which {@link NodeStreams#forward} hands over paused. */
    private static Future<Buffer> body(HttpClientResponse up) {
        Future<Buffer> body = up.body();
        up.resume();
        return body;
    }

    private Future<Path> spool(HttpClientResponse up) {
        return vertx.executeBlocking(() -> Files.createTempFile(tempDir, "berth-step-", ".tar"), false)
                .compose(file -> vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)
                                .setTruncateExisting(true))
                        .compose(up::pipeTo)
                        .map(file)
                        .recover(e -> vertx.fileSystem().delete(file.toString()).otherwiseEmpty()
                                .transform(x -> Future.failedFuture(e))));
    }

    /** Removes the container (killing it if it runs); a failure is logged, never the build's answer. */
    @Override
    public Future<Void> remove(String id) {
        return store.setDesired(id, "removed")
                .compose(v -> conversation.ask(new RemoveContainer(id, true),
                        (e, c) -> e.data() instanceof ContainerRemoved || Conversation.failedFor(e, c), ANSWER))
                .compose(e -> store.freeNamesOf(id))
                .recover(e -> {
                    LOG.log(Level.WARNING, "could not remove build container " + id, e);
                    return Future.succeededFuture();
                });
    }

    /** Docker's multiplexed log frames (8-byte header: stream, 0, 0, 0, big-endian length) to their payloads. */
    static Buffer demux(Buffer framed) {
        Buffer out = Buffer.buffer();
        int pos = 0;
        while (pos + 8 <= framed.length()) {
            int len = framed.getInt(pos + 4);
            int end = Math.min(framed.length(), pos + 8 + len);
            out.appendBuffer(framed.getBuffer(pos + 8, end));
            pos = end;
        }
        return out;
    }
}
