package io.berth.scheduler.restart;

import io.berth.events.ContainerState;
import io.berth.events.command.StartContainer;
import io.berth.events.event.ContainerDied;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.routing.Outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies restart policies to {@code died} events: asks {@link RestartDecision}, records the container as
 * {@code restarting}, and after the delay sends its node a start (counting the restart) unless the user stopped
 * it meanwhile. The last delay is kept in the container's record ({@code restartDelayMillis}), so a restarted
 * scheduler goes on with the backoff where the last one left it; a user's {@code docker start} resets it and the
 * count ({@code CommandRouter}). A death whose monitor was lost (a host reboot) is dockerd's daemon start: the
 * container is started with a fresh restart manager, its {@code RestartCount} and backoff reset, as dockerd's
 * {@code restore} does.
 */
public final class RestartOnDied {
    private static final Logger LOG = Logger.getLogger(RestartOnDied.class.getName());
    private final ConcurrentMap<String, String> containers;
    private final Outbox outbox;
    private final String source;
    private final ScheduledExecutorService timers;

    public RestartOnDied(ConcurrentMap<String, String> containers, Outbox outbox, String source,
                         ScheduledExecutorService timers) {
        this.containers = containers;
        this.outbox = outbox;
        this.source = source;
        this.timers = timers;
    }

    public void handle(Envelope event) {
        if (event.data() instanceof ContainerDied died) {
            died(died);
        }
    }

    private void died(ContainerDied died) {
        String id = died.containerId();
        Optional<ContainerRecord> record = JsonCas.get(containers, id, ContainerRecord.class);
        // a death reported by a node that no longer holds the container (a stale copy) restarts nothing
        if (record.isEmpty() || !died.nodeId().equals(record.get().nodeId())) {
            return;
        }
        ContainerRecord r = record.get();
        Duration previous = r.restartDelayMillis() > 0 ? Duration.ofMillis(r.restartDelayMillis()) : null;
        LastRun run = new LastRun(died.exitCode(), r.restartCount(), uptime(r), previous,
                !"running".equals(r.desired()), died.lostReason() != null);
        Optional<Duration> delay = RestartDecision.decide(RestartPolicy.of(r), run);
        if (delay.isEmpty()) {
            return;
        }
        String nodeId = r.nodeId();
        boolean daemonStart = died.lostReason() != null;
        // dockerd starts them at its own start, with no backoff carried over
        long millis = (daemonStart ? RestartDecision.FIRST_DELAY : delay.get()).toMillis();
        JsonCas.update(containers, id, ContainerRecord.class, c -> nodeId.equals(c.nodeId())
                && c.status() == ContainerState.EXITED
                ? armed(c.withStatus(ContainerState.RESTARTING).withRestartDelay(millis), daemonStart) : null);
        if (daemonStart) {
            timers.schedule(() -> startAfterReboot(id, nodeId), millis, TimeUnit.MILLISECONDS);
        } else {
            int count = r.restartCount();
            timers.schedule(() -> restart(id, nodeId, count), millis, TimeUnit.MILLISECONDS);
        }
    }

    private static ContainerRecord armed(ContainerRecord restarting, boolean daemonStart) {
        return daemonStart ? restarting.withRestartCount(0) : restarting;
    }

    // The start dockerd makes at its own start: no count. The delay kept in the record is the guard instead (several
    // schedulers may have armed it; the first to clear it starts the container), and clearing it resets the backoff.
    private void startAfterReboot(String id, String nodeId) {
        try {
            startClaimed(id, nodeId, c -> nodeId.equals(c.nodeId()) && c.status() == ContainerState.RESTARTING
                    && c.restartDelayMillis() > 0 && "running".equals(c.desired()) ? c.withRestartDelay(0) : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not start container " + id + " on node " + nodeId + " after a reboot", e);
        }
    }

    /**
     * At scheduler start: re-arms the restarts a previous scheduler had pending (records {@code restarting}),
     * each after its recorded delay. Returns how many.
     */
    public int resumePending() {
        int resumed = 0;
        for (String json : containers.values()) {
            ContainerRecord r = io.berth.events.Json.read(json, ContainerRecord.class);
            if (r.status() == ContainerState.RESTARTING && "running".equals(r.desired()) && r.nodeId() != null) {
                int count = r.restartCount();
                timers.schedule(() -> restart(r.id(), r.nodeId(), count), r.restartDelayMillis(),
                        TimeUnit.MILLISECONDS);
                resumed++;
            }
        }
        return resumed;
    }

    // countBefore: several schedulers may have armed the same restart; only the first to count it starts it
    private void restart(String id, String nodeId, int countBefore) {
        try {
            startClaimed(id, nodeId, c -> nodeId.equals(c.nodeId()) && c.status() == ContainerState.RESTARTING
                    && c.restartCount() == countBefore
                    && "running".equals(c.desired()) ? c.withRestartCount(c.restartCount() + 1) : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not restart container " + id + " on node " + nodeId, e);
        }
    }

    /**
     * Sends the start when {@code claim} took the record (answered non-null); otherwise the container was stopped
     * (or moved) while it waited and is simply exited again.
     */
    private void startClaimed(String id, String nodeId, UnaryOperator<ContainerRecord> claim) {
        if (JsonCas.update(containers, id, ContainerRecord.class, claim).isPresent()) {
            outbox.forward(nodeId, Envelope.of(new StartContainer(id), source, null));
            // the outbox holds forwards until a flush (the event loop's is not ours: this is a timer)
            outbox.flush();
            return;
        }
        JsonCas.update(containers, id, ContainerRecord.class, c -> nodeId.equals(c.nodeId())
                && c.status() == ContainerState.RESTARTING && !"running".equals(c.desired())
                ? c.withStatus(ContainerState.EXITED) : null);
    }

    private static Duration uptime(ContainerRecord r) {
        try {
            if (r.startedAt() == null || r.finishedAt() == null) {
                return Duration.ZERO;
            }
            return Duration.between(Instant.parse(r.startedAt()), Instant.parse(r.finishedAt()));
        } catch (java.time.format.DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
