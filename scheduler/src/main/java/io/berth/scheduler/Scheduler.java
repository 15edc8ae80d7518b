package io.berth.scheduler;

import io.berth.events.kafka.ConsumerLag;
import io.berth.scheduler.metrics.SchedulerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.scheduler.failure.NodeWatch;
import io.berth.scheduler.failure.Relocation;
import io.berth.scheduler.restart.RestartOnDied;
import io.berth.scheduler.state.StateMirror;
import io.berth.scheduler.state.StateRecovery;
import io.berth.scheduler.state.WatchedNodes;
import io.berth.events.Maps;
import io.berth.events.Topics;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.wire.EnvelopeDeserializer;
import io.berth.scheduler.kafka.KafkaOutbox;
import io.berth.scheduler.kafka.TopicLoop;
import io.berth.scheduler.placement.Placer;
import io.berth.scheduler.placement.BatchPlan;
import io.berth.scheduler.batch.BatchRouter;
import io.berth.scheduler.batch.HazelcastBatchStore;
import io.berth.scheduler.reservation.ContainersMap;
import io.berth.scheduler.reservation.NodesMap;
import io.berth.scheduler.reservation.Planner;
import io.berth.scheduler.reservation.ReservationsMap;
import io.berth.scheduler.reservation.Reservation;
import io.berth.scheduler.routing.CommandRouter;
import io.berth.scheduler.routing.VolumeHomes;
import io.berth.scheduler.routing.ReleaseOnRemoved;
import io.berth.scheduler.routing.ResizeOnFailedUpdate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The scheduler service: consumes container commands, places creates, routes the rest to nodes. */
public final class Scheduler {
    /** Consumer group of the command loop. */
    public static final String COMMAND_GROUP = "berth-scheduler";
    /** Consumer group of the event loop (releases reservations on removal). */
    public static final String EVENT_GROUP = "berth-scheduler-events";
    // A create that loses the reservation race this often in a row is reported rather than retried forever.
    private static final int RESERVE_ATTEMPTS = 8;
    private static final long NODE_WATCH_MILLIS = 1000;
    private static final String NODE_WATCH_LOCK = "#node-watch";
    // Partitions of one poll placed side by side: each placement waits on Hazelcast round trips most of its time.
    private static final int COMMAND_WORKERS = 3;
    // A burst's creates per poll: each partition's share is placed as one batch, a few round trips for all of them.
    private static final int COMMAND_POLL = 3000;

    private final Vertx vertx;
    private final SchedulerConfig config;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Scheduler.class.getName());
    private final HazelcastInstance hazelcast;
    private StateMirror mirror;
    private StateMirror volumeMirror;
    private WatchedNodes watchedNodes;
    private KafkaOutbox outbox;
    private TopicLoop commands;
    private TopicLoop events;
    private ScheduledExecutorService timers;

    private final SchedulerMeters meters;

    public Scheduler(Vertx vertx, SchedulerConfig config, HazelcastInstance hazelcast) {
        this(vertx, config, hazelcast, new SimpleMeterRegistry());
    }

    /** @param registry the process's meters (the launcher serves them at {@code /metrics}) */
    public Scheduler(Vertx vertx, SchedulerConfig config, HazelcastInstance hazelcast, MeterRegistry registry) {
        this.meters = new SchedulerMeters(registry);
        this.vertx = vertx;
        this.config = config;
        this.hazelcast = hazelcast;
    }

    /** Starts both consumer threads; completes once they are running (Kafka clients are made off the event loop). */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            // before anything routes: a cluster restarted whole gets its containers back from Kafka first
            int restored = StateRecovery.restoreIfEmpty(config.kafkaBootstrap(), hazelcast.getMap(Maps.CONTAINERS),
                    hazelcast.getMap(Maps.NAMES));
            if (restored > 0) {
                LOG.info("restored " + restored + " container(s) from " + io.berth.events.Topics.CONTAINER_STATE);
            }
            mirror = new StateMirror(config.kafkaBootstrap(), "berth-state-" + config.instanceId(),
                    hazelcast.getMap(Maps.CONTAINERS));
            int volumes = StateRecovery.restoreVolumesIfEmpty(config.kafkaBootstrap(), hazelcast.getMap(Maps.VOLUMES));
            if (volumes > 0) {
                LOG.info("restored " + volumes + " volume(s) from " + Topics.VOLUME_STATE);
            }
            volumeMirror = new StateMirror(config.kafkaBootstrap(), "berth-volume-state-" + config.instanceId(),
                    hazelcast.getMap(Maps.VOLUMES), Topics.VOLUME_STATE);
            watchedNodes = new WatchedNodes(hazelcast.getMap(Maps.NODES));
            Planner planner = new Planner(new Placer(config.nodeTtlMillis(), config.strategy()),
                    new NodesMap(hazelcast.getMap(Maps.NODES)), watchedNodes,
                    new ReservationsMap(hazelcast.getMap(Reservation.MAP)),
                    new ContainersMap(hazelcast.getMap(Maps.CONTAINERS)), System::currentTimeMillis, RESERVE_ATTEMPTS);
            String source = "/berth/scheduler/" + config.instanceId();
            outbox = new KafkaOutbox(config.kafkaBootstrap(), "berth-scheduler-" + config.instanceId());
            VolumeHomes volumeHomes = new VolumeHomes(hazelcast.getMap(Maps.VOLUMES));
            CommandRouter router = new CommandRouter(planner, hazelcast.getMap(Maps.CONTAINERS), outbox, source,
                    meters, volumeHomes);
            BatchRouter batches = new BatchRouter(router, planner, new HazelcastBatchStore(
                    hazelcast.getMap(Maps.CONTAINERS), hazelcast.getMap(Reservation.MAP), hazelcast.getMap(Maps.NODES),
                    config.nodeTtlMillis()), watchedNodes, new BatchPlan(new Placer(config.nodeTtlMillis(),
                    config.strategy())), outbox, source, meters, System::currentTimeMillis, RESERVE_ATTEMPTS);
            commands = new TopicLoop(config.kafkaBootstrap(), COMMAND_GROUP, Topics.CONTAINER_COMMANDS, router::route,
                    outbox::flush, COMMAND_WORKERS, COMMAND_POLL).batchedBy(batches::routeAll)
                    .measuredBy(new ConsumerLag(meters.registry(), COMMAND_GROUP));
            timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "berth-scheduler-timers");
                t.setDaemon(true);
                return t;
            });
            ReleaseOnRemoved release = new ReleaseOnRemoved(planner);
            ResizeOnFailedUpdate resizeBack = new ResizeOnFailedUpdate(planner, hazelcast.getMap(Maps.CONTAINERS));
            RestartOnDied restarts = new RestartOnDied(hazelcast.getMap(Maps.CONTAINERS), outbox, source, timers);
            // only the types those three act on are read; the rest (a scheduled and a created per placement) skipped
            events = new TopicLoop(config.kafkaBootstrap(), EVENT_GROUP, Topics.CONTAINER_EVENTS, e -> {
                release.handle(e);
                resizeBack.handle(e);
                restarts.handle(e);
            }, () -> { }, 1, 500, new EnvelopeDeserializer(Set.of(ContainerRemoved.class, CommandFailed.class,
                    ContainerDied.class))).measuredBy(new ConsumerLag(meters.registry(), EVENT_GROUP));
            NodeWatch watch = new NodeWatch(hazelcast.getMap(Maps.NODES), watchedNodes, hazelcast.getMap(Maps.CONTAINERS),
                    new Relocation(planner, hazelcast.getMap(Maps.CONTAINERS), outbox, source, volumeHomes), outbox, source,
                    config.nodeGraceMillis(), Clock.systemUTC());
            int resumed = restarts.resumePending();
            if (resumed > 0) {
                LOG.info("resumed " + resumed + " pending restart(s) with their recorded backoff");
            }
            commands.start();
            events.start();
            IMap<String, String> nodes = hazelcast.getMap(Maps.NODES);
            timers.scheduleWithFixedDelay(() -> onlyHere(nodes, watch), NODE_WATCH_MILLIS, NODE_WATCH_MILLIS,
                    TimeUnit.MILLISECONDS);
            return null;
        });
    }

    // One instance at a time: two moving the same container at once could release each other's reservation.
    // The lease frees the lock of an instance that died holding it; node ids can never be this key.
    private static void onlyHere(IMap<String, String> nodes, Runnable watch) {
        try {
            if (!nodes.tryLock(NODE_WATCH_LOCK, 0, TimeUnit.MILLISECONDS, 30, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warning("node watch skipped: cannot take its lock: " + e.getMessage());
            return;
        }
        try {
            watch.run();
        } finally {
            try {
                nodes.unlock(NODE_WATCH_LOCK);
            } catch (RuntimeException e) {
                // a tick longer than the lease lost the lock already; a thrown task would never run again
                LOG.warning("node watch: " + e.getMessage());
            }
        }
    }

    /** Blocks until both consumers hold their partitions; for tests and launchers that must not race them. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return commands != null && commands.awaitAssignment(timeout)
                && events.awaitAssignment(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Stops the consumers (wakeup, join), then closes the producer. */
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            if (timers != null) {
                timers.shutdownNow();
            }
            if (commands != null) {
                commands.stop();
            }
            if (events != null) {
                events.stop();
            }
            if (outbox != null) {
                outbox.close();
            }
            if (volumeMirror != null) {
                volumeMirror.close();
                volumeMirror = null;
            }
            if (mirror != null) {
                mirror.close();
                mirror = null;
            }
            if (watchedNodes != null) {
                watchedNodes.close();
                watchedNodes = null;
            }
            return null;
        });
    }
}
