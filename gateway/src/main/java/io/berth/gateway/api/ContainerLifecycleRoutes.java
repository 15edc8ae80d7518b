package io.berth.gateway.api;

import io.berth.events.ContainerState;
import io.berth.events.command.KillContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerStarted;
import io.berth.events.spec.Signals;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.Housekeeping;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.volume.VolumeStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** start, stop, kill and rm, as {@code docs/lifecycle.md} lays them out: check state, send, await the fact. */
public final class ContainerLifecycleRoutes {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ContainerLifecycleRoutes.class.getName());
    private static final String REF = "/containers/{id}";
    private final ContainerStore store;
    private final Conversation conversation;
    private final VolumeStore volumes;

    public ContainerLifecycleRoutes(ContainerStore store, Conversation conversation, VolumeStore volumes) {
        this.volumes = volumes;
        this.store = store;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, REF + "/start", this::start)
                .add(HttpMethod.POST, REF + "/stop", this::stop)
                .add(HttpMethod.POST, REF + "/kill", this::kill)
                .add(HttpMethod.DELETE, REF, this::remove);
    }

    /** Docker counts paused and restarting containers as running. */
    static boolean running(ContainerRecord r) {
        return r.status() == ContainerState.RUNNING || r.status() == ContainerState.PAUSED
                || r.status() == ContainerState.RESTARTING;
    }

    private Future<Void> start(Exchange ex) {
        return store.find(ex.param("id")).compose(r -> {
            if (running(r)) {
                return ex.notModified();
            }
            conversation.requireConnected();
            return store.setDesired(r.id(), "running")
                    .compose(v -> conversation.ask(new StartContainer(r.id()),
                            (e, cmd) -> Conversation.answerTo(e, cmd, ContainerStarted.class)
                                    || Conversation.failedFor(e, cmd), ANSWER_TIMEOUT))
                    .compose(e -> e.data() instanceof CommandFailed && Housekeeping.autoRemove(r)
                            ? removeAfterFailedStart(r).compose(v -> reply(ex, e))
                            : reply(ex, e),
                            e -> Housekeeping.autoRemove(r)
                                    ? removeAfterFailedStart(r).transform(v -> Future.<Void>failedFuture(e))
                                    : Future.failedFuture(e));
        });
    }

    /**
     * dockerd removes an {@code AutoRemove} container whose start failed before it answers the start; the CLI's
     * {@code run --rm} waits for that removal ({@code wait?condition=removed}) before it exits with 125/126/127.
     * Its anonymous volumes go with it. A failed removal is logged, and the start's own error still answers.
     */
    private Future<Void> removeAfterFailedStart(ContainerRecord r) {
        return store.setDesired(r.id(), "removed")
                .compose(v -> conversation.ask(new RemoveContainer(r.id(), true),
                        (e, cmd) -> e.data() instanceof ContainerRemoved || Conversation.failedFor(e, cmd),
                        ANSWER_TIMEOUT))
                .compose(e -> e.data() instanceof ContainerRemoved
                        ? store.freeNamesOf(r.id()).compose(v -> volumes.removeAnonymous(r))
                        : Future.<Void>failedFuture(((CommandFailed) e.data()).message()))
                .recover(x -> {
                    LOG.log(Level.WARNING, "could not remove " + r.id() + " after its start failed", x);
                    return Future.succeededFuture();
                });
    }

    private Future<Void> stop(Exchange ex) {
        int timeout = ex.integer("t", -1);
        String signal = ex.query("signal") == null ? "" : ex.query("signal");
        return store.find(ex.param("id")).compose(r -> {
            if (!running(r)) {
                return ex.notModified();
            }
            conversation.requireConnected();
            Duration wait = ANSWER_TIMEOUT.plusSeconds(Math.max(timeout, 10));
            return store.setDesired(r.id(), "stopped")
                    .compose(v -> conversation.ask(new StopContainer(r.id(), timeout, signal),
                            // the exit may be reported against the start, so any death of it answers
                            (e, cmd) -> e.data() instanceof ContainerDied || Conversation.failedFor(e, cmd), wait))
                    .compose(e -> reply(ex, e));
        });
    }

    private Future<Void> kill(Exchange ex) {
        String signal = ex.query("signal") == null ? "" : ex.query("signal");
        return store.find(ex.param("id")).compose(r -> {
            if (!running(r)) {
                return Future.failedFuture(ApiError.conflict("container " + r.id() + " is not running"));
            }
            // like dockerd, a SIGKILL answers once the container is dead, so the next command sees it exited
            boolean untilDead = killsOutright(signal);
            return conversation.ask(new KillContainer(r.id(), signal),
                            (e, cmd) -> (untilDead ? e.data() instanceof ContainerDied
                                    : Conversation.answerTo(e, cmd, ContainerKilled.class))
                                    || Conversation.failedFor(e, cmd), ANSWER_TIMEOUT)
                    .compose(e -> reply(ex, e));
        });
    }

    private static boolean killsOutright(String signal) {
        try {
            return Signals.parse(signal, Signals.SIGKILL) == Signals.SIGKILL;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private Future<Void> remove(Exchange ex) {
        boolean force = ex.flag("force");
        return store.find(ex.param("id")).compose(r -> {
            if (running(r) && !force) {
                return Future.failedFuture(ApiError.conflict("cannot remove container \"/" + r.name()
                        + "\": container is running: stop the container before removing or force remove"));
            }
            conversation.requireConnected();
            return store.setDesired(r.id(), "removed")
                    .compose(v -> conversation.ask(new RemoveContainer(r.id(), force),
                            (e, cmd) -> e.data() instanceof ContainerRemoved || Conversation.failedFor(e, cmd),
                            ANSWER_TIMEOUT.plusSeconds(10)))
                    .compose(e -> e.data() instanceof ContainerRemoved
                            ? store.freeNamesOf(r.id())
                            .compose(v -> ex.flag("v") ? volumes.removeAnonymous(r) : Future.succeededFuture())
                            .compose(v -> ex.noContent())
                            : reply(ex, e));
        });
    }

    /** The answer for an event: a failure becomes its status (304 without body), a fact a 204. */
    static Future<Void> reply(Exchange ex, Envelope e) {
        if (e.data() instanceof CommandFailed failed) {
            if (failed.status() == 304) {
                return ex.notModified();
            }
            return Future.failedFuture(new ApiError(failed.status(), failed.message()));
        }
        return ex.noContent();
    }
}
