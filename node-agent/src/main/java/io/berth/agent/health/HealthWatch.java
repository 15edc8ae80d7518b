package io.berth.agent.health;

import io.berth.agent.exec.ExecRunner;
import io.berth.agent.lifecycle.Node;
import io.berth.agent.lifecycle.Tracked;
import io.berth.agent.runtime.ExecTarget;
import io.berth.events.ContainerState;
import io.berth.events.event.ContainerHealthChanged;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Healthcheck;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.Health;
import io.berth.events.state.HealthResult;
import io.berth.events.state.JsonCas;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the healthchecks of this node's running containers on their schedule (first probe one interval after
 * start, the next one interval after the previous ended), writes each verdict into the container's record and
 * announces every change of status. Paused containers are not probed. A container labelled
 * {@value #RESTART_LABEL} with a restart policy is killed when it turns unhealthy, so its policy replaces it.
 *
 * <p>{@link #tick()} is called from a timer; probes run on {@code probes}, one at a time per container.
 */
public final class HealthWatch implements Runnable {
    public static final String RESTART_LABEL = "berth.restart-on-unhealthy";
    private static final Logger LOG = Logger.getLogger(HealthWatch.class.getName());
    private static final int SIGKILL = 9;

    private final Node node;
    private final Path stateRoot;
    private final ExecutorService probes;
    private final HealthProbe probe;
    /** Per container: the run it belongs to (its start time), when the next probe is due, whether one runs. */
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    /**
     * Running containers whose spec has no healthcheck (a spec never changes): not read again on every tick, so a
     * node of containers without healthchecks costs no map read per container four times a second.
     */
    private final Set<String> unchecked = ConcurrentHashMap.newKeySet();

    public HealthWatch(Node node, Path stateRoot, ExecRunner runner, ExecutorService probes) {
        this.node = node;
        this.stateRoot = stateRoot;
        this.probes = probes;
        this.probe = new HealthProbe(runner, probes, node.clock());
    }

    private record Schedule(Instant startedAt, Instant due, boolean running) {
    }

    @Override
    public void run() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health checks on node " + node.nodeId() + " failed", e);
        }
    }

    /** Starts every probe that is due; forgets containers that stopped. */
    void tick() {
        Instant now = node.clock().instant();
        schedules.keySet().removeIf(id -> node.table().running(id).isEmpty());
        unchecked.removeIf(id -> node.table().running(id).isEmpty());
        for (Tracked tracked : node.table().all()) {
            if (tracked.exited() || unchecked.contains(tracked.id())) {
                continue;
            }
            ContainerRecord record = JsonCas.get(node.records(), tracked.id(), ContainerRecord.class).orElse(null);
            if (record == null || record.spec() == null) {
                continue;
            }
            if (record.spec().healthcheck() == null) {
                unchecked.add(tracked.id());
                continue;
            }
            Healthcheck check = record.spec().healthcheck();
            if (record.startedAt() == null) {
                continue;
            }
            Instant startedAt = Instant.parse(record.startedAt());
            Schedule s = schedules.get(tracked.id());
            if (s == null || !Objects.equals(s.startedAt(), startedAt)) {
                s = new Schedule(startedAt, startedAt.plusNanos(check.interval()), false);
                schedules.put(tracked.id(), s);
            }
            // dockerd skips probes while paused: an exec would only join the frozen cgroup and time out
            if (s.running() || now.isBefore(s.due()) || record.status() != ContainerState.RUNNING) {
                continue;
            }
            schedules.put(tracked.id(), new Schedule(startedAt, s.due(), true));
            probes.execute(() -> probeOnce(tracked, record.spec(), startedAt));
        }
    }

    private void probeOnce(Tracked tracked, ContainerSpec spec, Instant startedAt) {
        Healthcheck check = spec.healthcheck();
        try {
            ExecTarget target = ExecTarget.of(tracked.process(), tracked.dir(), stateRoot);
            HealthResult result = probe.run(target, check, spec.workingDir());
            record(tracked, spec, startedAt, result);
        } catch (Exception e) {
            LOG.log(Level.FINE, "health probe of container " + tracked.id() + " failed to run", e);
        } finally {
            schedules.computeIfPresent(tracked.id(), (id, s) -> Objects.equals(s.startedAt(), startedAt)
                    ? new Schedule(startedAt, node.clock().instant().plusNanos(check.interval()), false) : s);
        }
    }

    private void record(Tracked tracked, ContainerSpec spec, Instant startedAt, HealthResult result) {
        Healthcheck check = spec.healthcheck();
        boolean inStartPeriod = Instant.parse(result.start()).isBefore(startedAt.plusNanos(check.startPeriod()));
        AtomicReference<String> before = new AtomicReference<>();
        var written = JsonCas.update(node.records(), tracked.id(), ContainerRecord.class, r -> {
            // a result of an earlier run, or of a container paused or stopped meanwhile, says nothing now
            if (r.status() != ContainerState.RUNNING || tracked.exited() || r.startedAt() == null
                    || !Instant.parse(r.startedAt()).equals(startedAt)) {
                return null;
            }
            Health current = r.health() == null ? Health.starting(null) : r.health();
            before.set(current.status());
            return r.withHealth(current.after(result, check, inStartPeriod));
        });
        if (written.isEmpty() || written.get().health().status().equals(before.get())) {
            return;
        }
        String status = written.get().health().status();
        node.events().emit(new ContainerHealthChanged(tracked.id(), node.nodeId(), status), null);
        if (Health.UNHEALTHY.equals(status) && "true".equals(spec.labels().get(RESTART_LABEL))
                && !"no".equals(spec.restartPolicy())) {
            LOG.info("container " + tracked.id() + " turned unhealthy; killing it so its restart policy replaces it");
            node.runtime().signal(tracked.process(), SIGKILL);
        }
    }
}
