package io.berth.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.berth.gateway.api.ContainerCreateRoute;
import io.berth.gateway.api.ContainerCommitRoute;
import io.berth.gateway.build.BuildRoute;
import io.berth.gateway.build.StepContainers;
import io.berth.gateway.build.StepImages;
import io.berth.gateway.api.ContainerFilesRoute;
import io.berth.gateway.api.ContainerAttachRoute;
import io.berth.gateway.api.ContainerLifecycleRoutes;
import io.berth.gateway.api.ContainerLogsRoute;
import io.berth.gateway.api.ContainerPauseRoutes;
import io.berth.gateway.api.ContainerUpdateRoute;
import io.berth.gateway.api.ContainerPruneRoute;
import io.berth.gateway.api.ContainerResizeRoute;
import io.berth.gateway.api.ContainerRestartRoute;
import io.berth.gateway.api.ContainerQueryRoutes;
import io.berth.gateway.api.ContainerRenameRoute;
import io.berth.gateway.api.ContainerStatsRoutes;
import io.berth.gateway.api.ContainerWaitRoute;
import io.berth.gateway.api.EmptyKindPruneRoutes;
import io.berth.gateway.api.NetworkRoutes;
import io.berth.gateway.api.VolumeRoutes;
import io.berth.gateway.network.HostRouteTable;
import io.berth.gateway.network.NetworkStore;
import io.berth.gateway.volume.VolumeStore;
import io.berth.gateway.api.DockerExecRoutes;
import io.berth.gateway.host.HostFacts;
import io.berth.gateway.container.Housekeeping;
import io.berth.gateway.api.ImageArchiveRoutes;
import io.berth.gateway.api.ImageRemoveRoutes;
import io.berth.gateway.api.ImageRoutes;
import io.berth.gateway.api.ImageTagRoutes;
import io.berth.gateway.image.RegistryWriteClient;
import io.berth.gateway.api.SystemDfRoute;
import io.berth.gateway.api.SystemRoutes;
import io.berth.gateway.bus.CommandBus;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.bus.EventConsumer;
import io.berth.gateway.bus.EventInbox;
import io.berth.gateway.container.ContainerSizes;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.events.EventsRoute;
import io.berth.gateway.exec.ExecStore;
import io.berth.gateway.http.Hijack;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.image.ImageFeed;
import io.berth.gateway.image.RegistryClient;
import io.berth.gateway.metrics.GatewayMeters;
import io.berth.gateway.metrics.GatewayMetricsRoute;
import io.berth.gateway.ops.OpsRoutes;
import io.berth.gateway.ui.DashboardRoutes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;

import java.nio.file.Path;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway service: the Docker Engine API subset, publishing commands and answering from state and events. */
public final class Gateway {
    private static final Duration KAFKA_DEADLINE = Duration.ofSeconds(30);
    private final Vertx vertx;
    private final GatewayConfig config;
    private final HazelcastInstance hazelcast;
    private final List<HttpServer> servers = new ArrayList<>();
    private EventConsumer consumer;
    private ContainerStore store;
    private CommandBus bus;
    private VolumeStore volumes;
    private RegistryClient registry;
    private RegistryWriteClient registryWrites;
    private ImageFeed imageFeed;
    private NodeStreams nodeStreams;
    private final GatewayMeters meters;

    /** A gateway with a registry of its own (tests; a launcher shares one registry per process). */
    public Gateway(Vertx vertx, GatewayConfig config, HazelcastInstance hazelcast) {
        this(vertx, config, hazelcast, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** @param registry the process's meters, served at {@code /metrics} */
    public Gateway(Vertx vertx, GatewayConfig config, HazelcastInstance hazelcast, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.hazelcast = hazelcast;
        this.meters = new GatewayMeters(registry);
    }

    /**
     * Completes once the API answers on every configured address. The event consumer is positioned before
     * the API listens, so no answer to a command can be missed. Without {@code kafkaBootstrap} the gateway
     * serves only what needs no Kafka (lifecycle commands answer 500).
     */
    public Future<Void> start() {
        if (config.socket() != null && !vertx.isNativeTransportEnabled()) {
            return Future.failedFuture(new IllegalStateException("the gateway socket " + config.socket()
                    + " needs Vert.x's native transport (epoll): create Vertx with"
                    + " VertxOptions.setPreferNativeTransport(true) and netty-transport-native-epoll on the class path"));
        }
        if (config.socket() == null && config.tcpHost() == null) {
            return Future.failedFuture(new IllegalStateException("the gateway has neither a socket nor a TCP address"));
        }
        EventInbox inbox = new EventInbox(vertx);
        registry = new RegistryClient(vertx, config.registryUrl());
        registryWrites = new RegistryWriteClient(vertx, config.registryUrl());
        ContainerStore store = new ContainerStore(vertx, hazelcast);
        this.store = store;
        inbox.before(e -> store.eventFor(e.data().containerId()));
        volumes = new VolumeStore(vertx, hazelcast);
        Future<Void> kafka = config.kafkaBootstrap() == null || config.kafkaBootstrap().isEmpty()
                ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    consumer = EventConsumer.open(config.kafkaBootstrap(), config.instanceId(), inbox, KAFKA_DEADLINE);
                    bus = new CommandBus(vertx, config.kafkaBootstrap(), config.instanceId(), meters);
                    // fills itself in the background; until then image reads walk the registry
                    imageFeed = new ImageFeed(vertx, config.kafkaBootstrap(), config.instanceId(), registry, meters);
                    return null;
                }, false);
        return kafka.compose(v -> vertx.executeBlocking(HostFacts::read, false)).compose(host -> {
            Conversation conversation = new Conversation(bus, inbox, meters);
            inbox.listen(new Housekeeping(vertx.getOrCreateContext(), store, conversation, volumes)::on);
            Router router = routes(host, store, inbox, conversation);
            new DashboardRoutes(vertx, inbox).register(router);
            return listen(router);
        }).recover(e -> stop().transform(x -> Future.failedFuture(e)));
    }

    private Router routes(HostFacts host, ContainerStore store, EventInbox inbox, Conversation conversation) {
        Router router = new Router();
        new SystemRoutes(config, host, store, registry).register(router);
        nodeStreams = new NodeStreams(vertx, store);
        ContainerSizes sizes = new ContainerSizes(nodeStreams);
        new ContainerQueryRoutes(store, sizes, volumes).register(router);
        NetworkStore networks = new NetworkStore(vertx, hazelcast, new HostRouteTable());
        ImageCatalog catalog = new ImageCatalog(registry, imageFeed);
        new ContainerCreateRoute(store, catalog, conversation, volumes, networks).register(router);
        new ContainerWaitRoute(vertx, store, inbox).register(router);
        new ContainerLogsRoute(store, nodeStreams, meters).register(router);
        new ContainerAttachRoute(store, nodeStreams, meters).register(router);
        new ContainerResizeRoute(store, nodeStreams).register(router);
        new ContainerFilesRoute(store, nodeStreams).register(router);
        new ContainerLifecycleRoutes(store, conversation, volumes).register(router);
        new VolumeRoutes(volumes, store).register(router);
        new NetworkRoutes(networks, store, nodeStreams).register(router);
        new ContainerPauseRoutes(store, conversation).register(router);
        new ContainerUpdateRoute(store, conversation).register(router);
        new ContainerRestartRoute(store, conversation).register(router);
        new ContainerStatsRoutes(store, nodeStreams, meters).register(router);
        ImageRoutes images = new ImageRoutes(registry, registryWrites, catalog);
        ImageArchiveRoutes archives = new ImageArchiveRoutes(vertx, images.catalog(), registryWrites);
        images.register(router, archives);
        archives.register(router);
        new ImageTagRoutes(images.catalog(), registryWrites).register(router);
        new ContainerCommitRoute(vertx, store, nodeStreams, images.catalog(), registryWrites).register(router);
        new ImageRemoveRoutes(images.catalog(), registryWrites, store).register(router);
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        new BuildRoute(vertx, new StepImages(registry, registryWrites),
                new StepContainers(vertx, store, conversation, inbox, nodeStreams, registry, temp), temp).register(router);
        new SystemDfRoute(store, sizes, images).register(router);
        new EventsRoute(vertx, store, config.kafkaBootstrap()).register(router);
        new ContainerRenameRoute(store).register(router);
        new ContainerPruneRoute(store, conversation).register(router);
        new EmptyKindPruneRoutes().register(router);
        new OpsRoutes(store).register(router);
        // one hijack for attach and exec: Hijack holds the only use of Vert.x internals
        new DockerExecRoutes(store, new ExecStore(vertx, hazelcast),
                (request, contentType) -> Hijack.take(request, Hijack.upgraded(contentType)), nodeStreams, meters).register(router);
        new GatewayMetricsRoute(vertx, meters.registry()).register(router);
        return router;
    }

    private Future<Void> listen(Router router) {
        Future<Void> done = Future.succeededFuture();
        if (config.socket() != null) {
            done = done.compose(v -> vertx.executeBlocking(() -> {
                // a socket file left by a previous run would make bind fail with EADDRINUSE
                Files.deleteIfExists(config.socket());
                Files.createDirectories(config.socket().toAbsolutePath().getParent());
                return null;
            }, false)).compose(v -> serve(router, SocketAddress.domainSocketAddress(config.socket().toString())))
                    .compose(v -> vertx.executeBlocking(() -> {
                        Files.setPosixFilePermissions(config.socket(), PosixFilePermissions.fromString("rw-rw----"));
                        if (config.socketGroup() != null) {
                            Files.getFileAttributeView(config.socket(), PosixFileAttributeView.class)
                                    .setGroup(config.socket().getFileSystem().getUserPrincipalLookupService()
                                            .lookupPrincipalByGroupName(config.socketGroup()));
                        }
                        return null;
                    }, false));
        }
        if (config.tcpHost() != null) {
            HttpServerOptions options = config.tls() == null ? new HttpServerOptions() : config.tls().serverOptions();
            done = done.compose(v -> serve(router, SocketAddress.inetSocketAddress(config.tcpPort(), config.tcpHost()),
                    options));
        }
        return done;
    }

    private Future<Void> serve(Router router, SocketAddress address) {
        return serve(router, address, new HttpServerOptions());
    }

    private Future<Void> serve(Router router, SocketAddress address, HttpServerOptions options) {
        HttpServer server = vertx.createHttpServer(options).requestHandler(router);
        return server.listen(address).onSuccess(servers::add).mapEmpty();
    }

    /** The TCP port actually bound (useful with port 0), or -1 without TCP. */
    public int tcpPort() {
        return servers.stream().filter(s -> s.actualPort() > 0).mapToInt(HttpServer::actualPort).findFirst().orElse(-1);
    }

    public Future<Void> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        servers.clear();
        if (nodeStreams != null) {
            closing.add(nodeStreams.close());
            nodeStreams = null;
        }
        return Future.join(closing).transform(x -> vertx.executeBlocking(() -> {
            if (store != null) {
                store.close();
                store = null;
            }
            if (consumer != null) {
                consumer.close();
                consumer = null;
            }
            if (imageFeed != null) {
                imageFeed.close();
                imageFeed = null;
            }
            if (bus != null) {
                bus.close();
                bus = null;
            }
            if (registryWrites != null) {
                registryWrites.close();
                registryWrites = null;
            }
            if (registry != null) {
                registry.close();
                registry = null;
            }
            if (config.socket() != null) {
                try {
                    Files.deleteIfExists(config.socket());
                } catch (IOException e) {
                    // nothing else to do: the next start deletes it
                }
            }
            return null;
        }, false));
    }
}
