package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.command.RemoveContainer;
import io.berth.gateway.volume.VolumeStore;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.Conversation;
import io.vertx.core.Context;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the gateway does on its own when facts arrive: frees the names of removed containers (however they
 * were removed) and removes a container created with {@code HostConfig.AutoRemove} once it has died,
 * which is server-side in Docker ({@code run --rm}). Both are idempotent, so several gateways may do them.
 */
public final class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    private static final java.time.Duration AUTO_REMOVE_WAIT = java.time.Duration.ofSeconds(60);
    private final Context context;
    private final ContainerStore store;
    private final Conversation conversation;
    private final VolumeStore volumes;

    public Housekeeping(Context context, ContainerStore store, Conversation conversation, VolumeStore volumes) {
        this.volumes = volumes;
        this.context = context;
        this.store = store;
        this.conversation = conversation;
    }

    /** Called on the consumer thread; the work moves to the gateway's context. */
    public void on(Envelope e) {
        if (e.data() instanceof ContainerRemoved removed) {
            context.runOnContext(v -> store.freeNamesOf(removed.containerId())
                    .onFailure(x -> LOG.log(Level.WARNING, "could not free the name of " + removed.containerId(), x)));
        } else if (e.data() instanceof ContainerDied died && conversation.connected()) {
            context.runOnContext(v -> store.get(died.containerId()).onSuccess(r -> r
                    .filter(Housekeeping::autoRemove)
                    .ifPresent(rec -> conversation.ask(new RemoveContainer(rec.id(), true),
                                    (ev, cmd) -> ev.data() instanceof ContainerRemoved || Conversation.failedFor(ev, cmd),
                                    AUTO_REMOVE_WAIT)
                            // as dockerd's --rm: the container's anonymous volumes go with it
                            .compose(ev -> ev.data() instanceof ContainerRemoved
                                    ? volumes.removeAnonymous(rec) : io.vertx.core.Future.<Void>succeededFuture())
                            .onFailure(x -> LOG.log(Level.WARNING, "could not auto-remove " + rec.id(), x)))));
        }
    }

    /** Whether the container was created with {@code HostConfig.AutoRemove} and is not being removed already. */
    public static boolean autoRemove(ContainerRecord r) {
        if (r.request() == null || r.request().isEmpty() || "removed".equals(r.desired())) {
            return false;
        }
        JsonNode body = Json.read(r.request(), JsonNode.class);
        return body.path("HostConfig").path("AutoRemove").asBoolean(false);
    }
}
