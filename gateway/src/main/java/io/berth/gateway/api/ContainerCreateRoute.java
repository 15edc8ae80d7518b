package io.berth.gateway.api;

import io.berth.events.command.CreateContainer;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.net.AddressRequest;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.NetworkRecord;
import io.berth.events.state.ContainerRecord;
import io.berth.events.wire.Envelope;
import io.berth.gateway.bus.Conversation;
import io.berth.gateway.container.ContainerIds;
import io.berth.gateway.container.ContainerName;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.CreateRequest;
import io.berth.gateway.container.HonouredFields;
import io.berth.gateway.container.HostDiskLimits;
import io.berth.gateway.container.HostResources;
import io.berth.gateway.container.NameGenerator;
import io.berth.gateway.container.SpecBuilder;
import io.berth.gateway.container.Times;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageNotFound;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ResolvedImage;
import io.berth.gateway.image.ImageCatalog;
import io.berth.gateway.network.NetworkStore;
import io.berth.gateway.volume.VolumeStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/create}: everything is validated and resolved before Hazelcast or Kafka is
 * touched; then name, record, command, and the answer of the scheduler. A failure after that point
 * removes what was written.
 */
public final class ContainerCreateRoute {
    static final Duration SCHEDULE_TIMEOUT = Duration.ofSeconds(30);
    private static final int NAME_ATTEMPTS = 10;
    private final SecureRandom random = new SecureRandom();
    private final NameGenerator names = new NameGenerator(random);
    private final ContainerStore store;
    private final ImageCatalog images;
    private final Conversation conversation;
    private final VolumeStore volumes;
    private final NetworkStore networks;

    public ContainerCreateRoute(ContainerStore store, ImageCatalog images, Conversation conversation,
                                VolumeStore volumes, NetworkStore networks) {
        this.volumes = volumes;
        this.networks = networks;
        this.store = store;
        this.images = images;
        this.conversation = conversation;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/create", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        String asked = ex.query("name");
        String name = asked == null || asked.isEmpty() ? null : ContainerName.validate(asked);
        return ex.body().compose(buf -> {
            CreateRequest req = CreateRequest.parse(buf.getBytes());
            HonouredFields.check(req.body());
            HostDiskLimits.parse(req.hostConfig());
            ImageRef ref = ImageRef.parse(req.image());
            // Both asked at once; dockerd checks the host config before it looks at the image, so its error wins.
            Future<ResolvedImage> resolved = images.resolve(ref);
            return store.nodes()
                    .map(nodes -> HostResources.parse(req.hostConfig()).check(HostResources.cpusOfLargestNode(nodes)))
                    .compose(checked -> resolved)
                    .recover(e -> Future.failedFuture(e instanceof ImageNotFound
                            ? ApiError.notFound("No such image: " + ref.familiar()) : e))
                    .compose(image -> {
                        checkPlatform(ex.query("platform"), image, ref);
                        String id = ContainerIds.fresh(random);
                        ContainerSpec built = SpecBuilder.build(id, req, image, () -> ContainerIds.fresh(random));
                        conversation.requireConnected();
                        return byName(built).compose(spec -> claim(name, id, 0).compose(claimed -> volumes.ensure(spec, Times.format(Instant.now()))
                                .recover(e -> store.forget(id, claimed).transform(x -> Future.failedFuture(e)))
                                .compose(made -> accept(ex, id, claimed, spec, buf.toString())
                                        .recover(e -> volumes.forget(made).transform(x -> Future.failedFuture(e))))));
                    });
        });
    }

    /**
     * A user network named by id or id prefix ({@code --network 3f2a}) is recorded by its name, which the node
     * agents, the DNS and inspect key it by. A network that does not exist stays as asked: dockerd creates the
     * container and fails its start with 404.
     */
    private Future<ContainerSpec> byName(ContainerSpec spec) {
        NetworkSpec net = spec.network();
        if (!net.userDefined()) {
            return Future.succeededFuture(spec);
        }
        return networks.find(net.mode()).map(found -> {
            found.ifPresent(n -> checkAskedAddress(n, net.ipv4Address()));
            return found.filter(n -> !n.name().equals(net.mode()))
                    .map(n -> spec.toBuilder().network(net.on(n.name(), net.aliases(), net.ipv4Address())).build())
                    .orElse(spec);
        });
    }

    /**
     * {@code --ip} outside the network's subnet, or its gateway, is refused at create (the addresses in use are
     * counted by the agent that leases it, at start).
     */
    static void checkAskedAddress(NetworkRecord network, String ip) {
        if (ip.isEmpty()) {
            return;
        }
        Ipv4Cidr subnet = Ipv4Cidr.parse(network.subnet());
        AddressRequest.refusal(subnet, Ipv4.parse(network.gateway()), Ipv4.parse(ip), java.util.Set.of())
                .ifPresent(why -> {
                    throw ApiError.badRequest(why);
                });
    }

    private Future<String> claim(String name, String id, int attempt) {
        String candidate = name != null ? name : names.next(attempt);
        return store.claimName(candidate, id).compose(holder -> {
            if (holder.isEmpty()) {
                return Future.succeededFuture(candidate);
            }
            if (name == null && attempt < NAME_ATTEMPTS) {
                return claim(null, id, attempt + 1);
            }
            return Future.failedFuture(ApiError.conflict("Conflict. The container name \"/" + candidate
                    + "\" is already in use by container \"" + holder.get()
                    + "\". You have to remove (or rename) that container to be able to reuse that name."));
        });
    }

    private Future<Void> accept(Exchange ex, String id, String name, ContainerSpec spec, String body) {
        ContainerRecord record = ContainerRecord.accepted(id, name, spec, body, Times.format(Instant.now()));
        return store.put(record)
                .compose(v -> conversation.ask(new CreateContainer(id, name, spec),
                        (e, cmd) -> e.data() instanceof ContainerScheduled || e.data() instanceof ContainerUnschedulable,
                        SCHEDULE_TIMEOUT))
                .transform(ar -> {
                    if (ar.succeeded() && ar.result().data() instanceof ContainerScheduled) {
                        return ex.json(201, Map.of("Id", id, "Warnings", List.of()));
                    }
                    Throwable cause = ar.succeeded() ? unschedulable(ar.result()) : ar.cause();
                    return store.forget(id, name).transform(x -> Future.<Void>failedFuture(cause));
                });
    }

    /**
     * {@code docker run --platform}: Berth runs the image it has, so a platform it is not is refused with dockerd's
     * words rather than run as another.
     */
    static void checkPlatform(String platform, ResolvedImage image, ImageRef ref) {
        if (platform == null || platform.isBlank()) {
            return;
        }
        String[] wanted = platform.strip().toLowerCase(java.util.Locale.ROOT).split("/");
        String os = image.os() == null || image.os().isEmpty() ? "linux" : image.os();
        String arch = image.architecture() == null || image.architecture().isEmpty() ? "amd64" : image.architecture();
        boolean osOk = wanted[0].equals(os);
        boolean archOk = wanted.length < 2 || wanted[1].equals(arch) || (wanted[1].equals("x86_64") && arch.equals("amd64"));
        if (!osOk || !archOk) {
            throw ApiError.notFound("image with reference " + ref.familiar() + " was found but does not match the "
                    + "specified platform: wanted " + platform.strip() + ", actual: " + os + "/" + arch);
        }
    }

    private static ApiError unschedulable(Envelope e) {
        return ApiError.internal(e.as(ContainerUnschedulable.class).reason());
    }
}
