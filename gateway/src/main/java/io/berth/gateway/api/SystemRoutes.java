package io.berth.gateway.api;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.gateway.GatewayConfig;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.host.HostFacts;
import io.berth.gateway.http.ApiVersion;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.RegistryClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version} and {@code /info}: what clients ask before anything else. */
public final class SystemRoutes {
    public static final String ENGINE_VERSION = "25.0.0";
    /** A node whose heartbeat is older than this is not counted as live. */
    static final long NODE_TTL_MILLIS = 10_000;

    private final GatewayConfig config;
    private final HostFacts host;
    private final ContainerStore store;
    private final RegistryClient registry;

    public SystemRoutes(GatewayConfig config, HostFacts host, ContainerStore store, RegistryClient registry) {
        this.config = config;
        this.host = host;
        this.store = store;
        this.registry = registry;
    }

    public void register(Router router) {
        router.add(HttpMethod.GET, "/_ping", this::ping)
                .add(HttpMethod.HEAD, "/_ping", this::ping)
                .add(HttpMethod.GET, "/version", this::version)
                .add(HttpMethod.GET, "/info", this::info);
    }

    private Future<Void> ping(Exchange ex) {
        HttpServerResponse r = ex.response()
                .putHeader("Docker-Experimental", "false")
                .putHeader("Builder-Version", "1")
                .putHeader("Swarm", "inactive")
                .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
                .putHeader("Pragma", "no-cache");
        if (ex.request().method() == HttpMethod.HEAD) {
            // a body after HEAD makes Go clients log "Unsolicited response"
            return r.putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Content-Length", "0").end();
        }
        return r.putHeader("Content-Type", "text/plain; charset=utf-8").end("OK");
    }

    private Future<Void> version(Exchange ex) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", ApiVersion.MAX);
        details.put("Arch", "amd64");
        details.put("BuildTime", "2024-01-01T00:00:00.000000000+00:00");
        details.put("Experimental", "false");
        details.put("GitCommit", "berth");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", host.kernelVersion());
        details.put("MinAPIVersion", ApiVersion.MIN);
        details.put("Os", "linux");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Platform", Map.of("Name", "Berth"));
        out.put("Components", List.of(Map.of("Name", "Engine", "Version", ENGINE_VERSION, "Details", details)));
        out.put("Version", ENGINE_VERSION);
        out.put("ApiVersion", ApiVersion.MAX);
        out.put("MinAPIVersion", ApiVersion.MIN);
        out.put("GitCommit", "berth");
        out.put("GoVersion", details.get("GoVersion"));
        out.put("Os", "linux");
        out.put("Arch", "amd64");
        out.put("KernelVersion", host.kernelVersion());
        out.put("BuildTime", details.get("BuildTime"));
        return ex.json(200, out);
    }

    private Future<Void> info(Exchange ex) {
        Future<List<ContainerRecord>> containers = store.all();
        Future<List<NodeRecord>> nodes = store.nodes();
        Future<List<String>> repos = registry.catalog();
        return Future.all(containers, nodes, repos).compose(all -> ex.json(200,
                info(containers.result(), nodes.result(), repos.result().size(), System.currentTimeMillis())));
    }

    Map<String, Object> info(List<ContainerRecord> containers, List<NodeRecord> nodes, int images, long now) {
        List<NodeRecord> live = nodes.stream()
                .filter(n -> n.state() == NodeState.READY && n.alive(now, NODE_TTL_MILLIS)).toList();
        long running = containers.stream().filter(c -> c.status() == ContainerState.RUNNING).count();
        long paused = containers.stream().filter(c -> c.status() == ContainerState.PAUSED).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", config.instanceId());
        out.put("Name", host.hostname());
        out.put("Containers", containers.size());
        out.put("ContainersRunning", running);
        out.put("ContainersPaused", paused);
        out.put("ContainersStopped", containers.size() - running - paused);
        out.put("Images", images);
        out.put("Driver", "overlay2");
        out.put("DriverStatus", List.of());
        out.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "none"),
                "Log", List.of("json-file")));
        out.put("MemoryLimit", true);
        out.put("SwapLimit", false);
        out.put("CpuCfsPeriod", true);
        out.put("CpuCfsQuota", true);
        out.put("CPUShares", true);
        out.put("PidsLimit", true);
        out.put("OomKillDisable", false);
        out.put("IPv4Forwarding", true);
        out.put("Debug", false);
        out.put("NFd", 0);
        out.put("NGoroutines", 0);
        out.put("SystemTime", java.time.OffsetDateTime.now().toString());
        out.put("LoggingDriver", "json-file");
        out.put("CgroupDriver", "cgroupfs");
        out.put("CgroupVersion", live.isEmpty() || live.get(0).cgroupVersion() == 0
                ? host.cgroupVersion() : String.valueOf(live.get(0).cgroupVersion()));
        out.put("KernelVersion", host.kernelVersion());
        out.put("OperatingSystem", "Berth (" + host.operatingSystem() + ")");
        out.put("OSVersion", "");
        out.put("OSType", "linux");
        out.put("Architecture", "x86_64");
        out.put("NCPU", live.stream().mapToLong(n -> n.capacity().nanoCpus()).sum() / 1_000_000_000L);
        out.put("MemTotal", live.stream().mapToLong(n -> n.capacity().memoryBytes()).sum());
        out.put("IndexServerAddress", config.registryUrl());
        out.put("RegistryConfig", Map.of("IndexConfigs", Map.of(), "InsecureRegistryCIDRs", List.of()));
        out.put("DockerRootDir", "/var/lib/berth");
        out.put("HttpProxy", "");
        out.put("HttpsProxy", "");
        out.put("NoProxy", "");
        out.put("Labels", List.of("berth.nodes=" + live.size(), "berth.gateway=" + config.instanceId()));
        out.put("SystemStatus", List.of(List.of("Nodes", String.valueOf(live.size()))));
        out.put("ExperimentalBuild", false);
        out.put("ServerVersion", SystemRoutes.ENGINE_VERSION);
        out.put("Runtimes", Map.of("berth", Map.of("path", "berth-node-agent")));
        out.put("DefaultRuntime", "berth");
        out.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive",
                "ControlAvailable", false, "Error", "", "RemoteManagers", List.of()));
        out.put("LiveRestoreEnabled", true);
        out.put("Isolation", "");
        out.put("InitBinary", "");
        // every node agent applies the built-in profile (Docker's default) unless a container asks otherwise
        // and, unless the platform runs with --no-userns, a user namespace per container (dockerd: with userns-remap)
        out.put("SecurityOptions", config.userNamespaces() ? List.of("name=seccomp,profile=builtin", "name=userns")
                : List.of("name=seccomp,profile=builtin"));
        out.put("Warnings", List.of());
        return out;
    }
}
