package io.berth.gateway.bus;

import io.berth.events.command.StartContainer;
import io.berth.events.event.ContainerStarted;
import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.command.ContainerCommand;
import io.berth.events.event.CommandFailed;
import io.berth.events.wire.Envelope;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;

/**
 * A command and the event that answers it: the waiter is registered first, then the command is published;
 * a publish failure or a timeout cancels the wait. Without Kafka (bus null) every command is a 500.
 */
public final class Conversation {
    private final CommandBus bus;
    private final EventInbox inbox;
    private final GatewayMeters meters;

    public Conversation(CommandBus bus, EventInbox inbox, GatewayMeters meters) {
        this.bus = bus;
        this.inbox = inbox;
        this.meters = meters;
    }

    public boolean connected() {
        return bus != null;
    }

    /** Fails with a 500 unless commands can be sent; call before writing any state. */
    public void requireConnected() {
        if (bus == null) {
            throw ApiError.internal("this gateway has no Kafka connection: lifecycle commands are unavailable");
        }
    }

    /**
     * Sends {@code command} and completes with the first event about its container that {@code answers}
     * accepts (given the event and the command's envelope id).
     */
    public Future<Envelope> ask(ContainerCommand command, BiPredicate<Envelope, String> answers, Duration timeout) {
        requireConnected();
        Envelope envelope = bus.envelope(command);
        EventInbox.Waiter waiter = inbox.await(command.containerId(), e -> answers.test(e, envelope.id()), timeout);
        long published = System.nanoTime();
        return bus.publish(envelope)
                .onFailure(e -> waiter.cancel())
                .recover(e -> Future.failedFuture(ApiError.internal("could not publish " + envelope.type()
                        + " for container " + command.containerId() + ": " + e.getMessage())))
                .compose(v -> waiter.future())
                .onSuccess(answer -> {
                    if (command instanceof StartContainer && answer.data() instanceof ContainerStarted) {
                        meters.started(Duration.ofNanos(System.nanoTime() - published));
                    }
                })
                .recover(e -> Future.failedFuture(e instanceof TimeoutException
                        ? ApiError.internal("timed out: " + e.getMessage()) : e));
    }

    /** Publishes without waiting for an answer. */
    public Future<Void> tell(ContainerCommand command) {
        requireConnected();
        return bus.publish(bus.envelope(command));
    }

    /** Whether {@code e} is a {@link CommandFailed} caused by the command with id {@code commandId}. */
    public static boolean failedFor(Envelope e, String commandId) {
        return e.data() instanceof CommandFailed && commandId.equals(e.correlationId());
    }

    /** Whether {@code e} is of {@code type} and caused by the command with id {@code commandId}. */
    public static boolean answerTo(Envelope e, String commandId, Class<?> type) {
        return type.isInstance(e.data()) && commandId.equals(e.correlationId());
    }
}
