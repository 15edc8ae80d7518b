package io.berth.agent;

import io.berth.events.net.SubnetPool;
import com.hazelcast.core.HazelcastInstance;
import io.berth.agent.archive.ArchiveRoutes;
import io.berth.agent.exec.AgentExecRoutes;
import io.berth.agent.exec.ExecRunner;
import io.berth.agent.health.HealthWatch;
import io.berth.agent.heartbeat.Heartbeat;
import io.berth.agent.heartbeat.HostProbe;
import io.berth.agent.kafka.CommandConsumer;
import io.berth.agent.kafka.KafkaEventSink;
import io.berth.events.kafka.ConsumerLag;
import io.berth.agent.metrics.AgentMeters;
import io.berth.agent.metrics.AgentMetricsRoute;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.berth.events.spec.Digest;
import io.berth.agent.layer.LayerPruner;
import io.berth.agent.layer.LayerStore;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import io.berth.agent.layer.LayerUnpacker;
import io.berth.agent.layer.LibcWhiteouts;
import io.berth.agent.layer.RegistryBlobSource;
import io.berth.agent.lifecycle.Adoption;
import io.berth.agent.lifecycle.Commands;
import io.berth.agent.lifecycle.ContainerDisk;
import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.lifecycle.ExitWatch;
import io.berth.agent.lifecycle.Node;
import io.berth.agent.lifecycle.StaleCopies;
import io.berth.agent.volume.LocalVolumes;
import io.berth.agent.watch.MapKeys;
import io.berth.agent.watch.NudgedPass;
import com.hazelcast.core.LifecycleEvent;
import io.berth.agent.volume.VolumeMounts;
import io.berth.agent.sys.MountTable;
import io.berth.agent.net.ContainerNetworks;
import io.berth.agent.net.NetNames;
import io.berth.agent.net.NetTool;
import io.berth.agent.net.NetworkReconcile;
import io.berth.agent.net.NodeBridge;
import io.berth.agent.net.NetworkVnis;
import io.berth.agent.net.Overlay;
import io.berth.agent.net.OverlayReconcile;
import io.berth.agent.dns.DnsServers;
import io.berth.agent.dns.EndpointNames;
import io.berth.agent.dns.HostResolvers;
import io.berth.agent.net.ProcessNetTool;
import io.berth.agent.net.Sandboxes;
import io.berth.agent.runtime.IdPool;
import io.berth.agent.runtime.LinuxRuntime;
import io.berth.agent.runtime.UserNamespaces;
import io.berth.agent.stats.StatsRoutes;
import io.berth.agent.stream.InputRoutes;
import io.berth.agent.stream.NetworkRoutes;
import io.berth.agent.stream.LogRoutes;
import io.berth.agent.stream.LogWatch;
import io.berth.agent.sys.LibcRootCalls;
import io.berth.agent.sys.LibcSyscalls;
import io.berth.agent.stream.Runs;
import io.berth.agent.stream.StreamEndpoint;
import io.berth.events.Maps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The node agent service: heartbeats, consumes its node's commands, runs containers, reports facts. */
public final class NodeAgent {
    private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());
    private static final long HEARTBEAT_MILLIS = 1000;
    /**
     * The stale-copy check, the volume reconcile and the bridge reconcile run when the map they read changes (a
     * nudge, {@link NudgedPass}; several within this time make one pass) ...
     */
    private static final long NUDGE_SETTLE_MILLIS = 20;
    /** ... and as a sweep this often, for what no event reported (missed while cut off, a directory by hand). */
    private static final long SWEEP_MILLIS = 10_000;
    /** How often the VXLAN entries are compared with the cluster (a pass reads nothing while none is carried). */
    private static final long NETWORK_RECONCILE_MILLIS = 500;
    /** How often due healthchecks are looked for; the finest interval a healthcheck effectively gets. */
    private static final long HEALTH_TICK_MILLIS = 250;
    /** How long an unused layer stays cached after a container last needed it (see LayerRetention). */
    static final Duration LAYER_KEEP = Duration.ofHours(1);
    private static final long LAYER_PRUNE_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Vertx vertx;
    private final AgentConfig config;
    private final HazelcastInstance hazelcast;
    private final NodePaths paths;
    private final Clock clock = Clock.systemUTC();

    private ScheduledExecutorService timers;
    private ExecutorService exits;
    private ExecutorService probes;
    private KafkaEventSink events;
    private CommandConsumer consumer;
    private LogWatch logWatch;
    private Heartbeat heartbeat;
    private volatile long heartbeatTimer = -1;
    private long pruneTimer = -1;
    private LayerPruner pruner;
    private StreamEndpoint streams;
    private NodeBridge bridge;
    private DnsServers dns;
    private ExecutorService dnsForwards;
    private ContainerTable table;
    private volatile UUID reconnects;
    private final List<Map.Entry<String, UUID>> listeners = new CopyOnWriteArrayList<>();

    private final PrometheusMeterRegistry registry;
    private final AgentMeters meters;

    /** An agent with a registry of its own (tests; a launcher shares one registry per process). */
    public NodeAgent(Vertx vertx, AgentConfig config, HazelcastInstance hazelcast) {
        this(vertx, config, hazelcast, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** @param registry the process's meters, served at {@code /metrics} on the stream endpoint */
    public NodeAgent(Vertx vertx, AgentConfig config, HazelcastInstance hazelcast, PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.meters = new AgentMeters(registry, config.nodeId());
        this.vertx = vertx;
        this.config = config;
        this.hazelcast = hazelcast;
        this.paths = new NodePaths(config.root());
    }

    /** Completes once the agent has registered its node and consumes commands. */
    // One beat in flight at most: while Hazelcast is unreachable a beat blocks for minutes, and a new one each
    // second would take every worker thread (execs, logs, stats) and then replay them all at once.
    private void startBeating() {
        AtomicBoolean beating = new AtomicBoolean();
        heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> {
            if (!beating.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(() -> {
                heartbeat.beat();
                return null;
            }, false).onComplete(ar -> beating.set(false)).onFailure(e -> LOG.log(Level.WARNING,
                    "heartbeat of node " + config.nodeId() + " failed", e));
        });
    }

    public Future<Void> start() {
        streams = new StreamEndpoint(vertx);
        streams.add(io.vertx.core.http.HttpMethod.GET, "/metrics", new AgentMetricsRoute(vertx, registry));
        // the stream endpoint listens first: the heartbeat must carry the port actually bound
        return streams.listen(config.advertiseHost(), config.port()).compose(port -> vertx.<CommandConsumer>executeBlocking(() -> {
            paths.create();
            ConcurrentMap<String, String> nodes = hazelcast.getMap(Maps.NODES);
            ConcurrentMap<String, String> records = hazelcast.getMap(Maps.CONTAINERS);
            ContainerTable table = new ContainerTable();
            Runs runs = new Runs(table);
            logWatch = new LogWatch();
            new LogRoutes(vertx, paths, records, runs, logWatch).register(streams);
            new InputRoutes(vertx, records, table, runs).register(streams);
            ExecRunner execs = new ExecRunner(paths.runtime(), new LibcSyscalls());
            new AgentExecRoutes(vertx, table, paths.runtime(), execs).register(streams);
            String address = config.advertiseHost() + ":" + port;
            heartbeat = new Heartbeat(config.nodeId(), HostProbe.probe(address, config.labels()), nodes, clock);
            heartbeat.beat();
            // Beats go on from here, not from the end of start: adoption, the first reconciles and the consumer's
            // group join can take longer than the node grace (an old member of the group is waited out), and a
            // silent node would be marked down meanwhile, its containers lost and moved while this agent restarts
            // them (after a reboot: two starts of one container, a pid replaced under the caller, a count off by one).
            startBeating();

            timers = Executors.newSingleThreadScheduledExecutor(daemon("berth-agent-timers"));
            exits = Executors.newSingleThreadExecutor(daemon("berth-agent-exits"));
            events = new KafkaEventSink(config.kafkaBootstrap(), config.nodeId(), records);
            NetTool netTool = new ProcessNetTool();
            NetNames netNames = NetNames.of(config.nodeId(), config.root().toAbsolutePath().toString());
            Sandboxes sandboxes = new Sandboxes(netTool, netNames);
            bridge = new NodeBridge(netTool, netNames, config.nodeId(), hazelcast.getMap(Maps.BRIDGE_SUBNETS),
                    SubnetPool.CLUSTER);
            Map<String, String> networks = hazelcast.getMap(Maps.NETWORKS);
            dnsForwards = Executors.newCachedThreadPool(daemon("berth-agent-dns"));
            dns = new DnsServers(new EndpointNames(hazelcast.getMap(Maps.ENDPOINTS), records, nodes),
                    new HostResolvers(Path.of("/etc/resolv.conf")), dnsForwards);
            bridge.onNetworks(dns);
            NetworkVnis vnis = new NetworkVnis(hazelcast.getMap(Maps.NETWORK_VNIS));
            Overlay overlay = new Overlay(netTool, netNames, config.advertiseHost(), vnis);
            bridge.carry(overlay);
            LinuxRuntime runtime = new LinuxRuntime(paths.runtime(), config.cgroupParent(), sandboxes,
                    new UserNamespaces(config.userNamespaces(), paths.containers(), new IdPool()));
            new StatsRoutes(vertx, paths, records, table, runtime.cgroups()).register(streams);
            boolean root = "root".equals(System.getProperty("user.name"));
            LayerStore layers = new LayerStore(paths, new RegistryBlobSource(config.registryUrl()),
                    new LayerUnpacker(new LibcWhiteouts(), root), meters);
            pruner = new LayerPruner(layers, () -> containerLayers(records), Path.of("/proc/self/mountinfo"), clock, LAYER_KEEP);
            VolumeMounts volumeMounts = new VolumeMounts(paths, hazelcast.getMap(Maps.VOLUMES), new LibcSyscalls(),
                    MountTable::read);
            ContainerNetworks containerNetworks = new ContainerNetworks(config.nodeId(), bridge, sandboxes,
                    hazelcast.getMap(Maps.ENDPOINTS), records, Path.of("/etc"), networks, hazelcast.getMap(Maps.NODES),
                    hazelcast.getMap(Maps.NETWORK_ADDRESSES));
            ContainerDisk disk = new ContainerDisk(paths, layers, volumeMounts);
            // directories of containers removed just before the agent last stopped
            disk.sweepDiscarded();
            Node node = new Node(config.nodeId(), runtime, disk, records,
                    table, new ExitWatch(config.nodeId(), runtime, records, table, events, exits, clock), events, timers,
                    clock, containerNetworks);
            new NetworkRoutes(vertx, records, table, containerNetworks, paths, events, config.nodeId()).register(streams);
            this.table = table;
            new ArchiveRoutes(vertx, node, new LibcSyscalls(), new LibcRootCalls(), paths.runtime()).register(streams);
            List<String> adopted = new Adoption(node, paths).run();
            LOG.info("node " + config.nodeId() + " adopted " + adopted.size() + " container(s)");

            // after adoption: copies placed elsewhere while this node was away are discarded from here on, at
            // once when a local container's record changes, and by the sweep (a reconnect asks for one too)
            StaleCopies stale = new StaleCopies(node, paths);
            NudgedPass staleCheck = new NudgedPass(timers, stale::runChanged, stale, NUDGE_SETTLE_MILLIS, 0,
                    SWEEP_MILLIS);
            listen(Maps.CONTAINERS, id -> {
                stale.changed(id);
                staleCheck.nudge();
            });
            NetworkReconcile networkReconcile = new NetworkReconcile(bridge, networks);
            networkReconcile.adopt();
            NudgedPass bridges = new NudgedPass(timers, networkReconcile, networkReconcile, NUDGE_SETTLE_MILLIS,
                    SWEEP_MILLIS, SWEEP_MILLIS);
            listen(Maps.NETWORKS, name -> bridges.nudge());
            // after adopt: devices a previous agent left are read back before the first pass programs them
            timers.scheduleWithFixedDelay(new OverlayReconcile(config.nodeId(), bridge, overlay,
                    hazelcast.getMap(Maps.ENDPOINTS), records, nodes, networks, vnis), 0, NETWORK_RECONCILE_MILLIS,
                    TimeUnit.MILLISECONDS);
            LocalVolumes volumes = new LocalVolumes(config.nodeId(), paths, hazelcast.getMap(Maps.VOLUMES),
                    volumeMounts, clock, LocalVolumes.ORPHAN_GRACE);
            NudgedPass volumePass = new NudgedPass(timers, volumes, volumes, NUDGE_SETTLE_MILLIS, SWEEP_MILLIS,
                    SWEEP_MILLIS);
            listen(Maps.VOLUMES, name -> volumePass.nudge());
            volumes.run(); // once before commands: removals left while the agent was down are finished first
            // events missed while cut off from the cluster: every pass looks again once the client is back
            reconnects = hazelcast.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                    stale.changed(null);
                    staleCheck.nudge();
                    bridges.nudge();
                    volumePass.nudge();
                }
            });
            probes = Executors.newCachedThreadPool(daemon("berth-agent-health"));
            timers.scheduleWithFixedDelay(new HealthWatch(node, paths.runtime(), execs, probes), HEALTH_TICK_MILLIS,
                    HEALTH_TICK_MILLIS, TimeUnit.MILLISECONDS);
            Commands commands = new Commands(node);
            CommandConsumer started = new CommandConsumer(config.kafkaBootstrap(), config.nodeId(), e -> {
                meters.handled(e.type());
                commands.handle(e);
            }).measuredBy(new ConsumerLag(registry, "berth-agent-" + config.nodeId()));
            meters.countOnRead(() -> records.values().stream().map(json -> Json.read(json, ContainerRecord.class)).toList());
            try {
                started.start().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                started.stop();
                throw e;
            }
            return started;
        })).onFailure(e -> stop()).map(started -> {
            consumer = started;
            pruneTimer = vertx.setPeriodic(LAYER_PRUNE_MILLIS, id -> vertx.executeBlocking(() -> pruner.prune(), false)
                    .onFailure(e -> LOG.log(Level.WARNING, "layer pruning on node " + config.nodeId() + " failed", e)));
            return null;
        });
    }

    // Keys only: the member sends no values, and each pass reads what it needs.
    private void listen(String map, Consumer<String> changed) {
        listeners.add(Map.entry(map, hazelcast.<String, String>getMap(map).addEntryListener(new MapKeys(changed),
                false)));
    }

    // Every container placed here, whatever its state, keeps its layers.
    private Set<Digest> containerLayers(Map<String, String> records) {
        Set<Digest> layers = new HashSet<>();
        for (String json : records.values()) {
            ContainerRecord record = Json.read(json, ContainerRecord.class);
            if (config.nodeId().equals(record.nodeId()) && record.spec() != null) {
                record.spec().layers().forEach(l -> layers.add(Digest.parse(l.digest())));
            }
        }
        return layers;
    }

    /** Stops consuming; running containers keep running under their monitors. */
    public Future<Void> stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
            pruneTimer = -1;
        }
        Future<Void> closed = streams == null ? Future.succeededFuture() : streams.close();
        streams = null;
        return closed.transform(x -> vertx.executeBlocking(() -> {
            if (consumer != null) {
                consumer.stop();
                consumer = null;
            }
            for (Map.Entry<String, UUID> l : listeners) {
                try {
                    hazelcast.getMap(l.getKey()).removeEntryListener(l.getValue());
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "removing the listener on " + l.getKey(), e);
                }
            }
            listeners.clear();
            if (reconnects != null) {
                hazelcast.getLifecycleService().removeLifecycleListener(reconnects);
                reconnects = null;
            }
            if (timers != null) {
                timers.shutdownNow();
            }
            if (probes != null) {
                probes.shutdownNow();
            }
            if (exits != null) {
                exits.shutdown();
                exits.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (events != null) {
                events.close();
                events = null;
            }
            // an idle node leaves no bridge or rule behind; one with containers keeps theirs for the next agent
            if (bridge != null && table != null && table.all().stream().allMatch(t -> t.exited())) {
                bridge.remove();
            }
            if (dns != null) {
                dns.close();
            }
            if (logWatch != null) {
                logWatch.close();
                logWatch = null;
            }
            if (dnsForwards != null) {
                dnsForwards.shutdownNow();
            }
            return null;
        }));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
