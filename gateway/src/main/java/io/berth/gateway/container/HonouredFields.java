package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.gateway.http.ApiError;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one list of create-body fields Berth acts on. Any other field that carries more than its zero value
 * (null, false, 0, "", [], {} or an object of such) is refused with a 400 naming it, so a container never runs
 * without something its client asked for. Some fields are honoured only in certain values (their default
 * spelled another way); those name the values they take.
 */
public final class HonouredFields {

    /** Fields of {@code Config} (the body's top level) Berth acts on, or that only steer the client's attach. */
    static final Set<String> CONFIG = Set.of("Image", "Cmd", "Entrypoint", "Env", "Hostname", "WorkingDir", "User",
            "Labels", "Volumes", "Tty", "OpenStdin", "StdinOnce", "AttachStdin", "AttachStdout", "AttachStderr",
            // Windows-only in dockerd, no meaning on Linux
            "ArgsEscaped",
            // published with -P, and the MAC address before API 1.44 (HostNetwork)
            "ExposedPorts", "MacAddress",
            // probed by the node agent (HealthSettings refuses the parts it does not run)
            "Healthcheck",
            // read by the sub-objects' own checks below
            "HostConfig", "NetworkingConfig");

    /** Fields of {@code HostConfig} Berth acts on. */
    static final Set<String> HOST = Set.of("Memory", "MemorySwap", "NanoCpus", "CpuQuota", "CpuPeriod", "CpuShares",
            "PidsLimit", "CpusetCpus", "Privileged", "CapAdd", "CapDrop", "ReadonlyRootfs", "RestartPolicy",
            "AutoRemove", "ConsoleSize",
            // binds, volumes and tmpfs (ContainerMounts)
            "Binds", "Mounts", "Tmpfs",
            // tini bound at /dev/init as PID 1
            "Init",
            // seccomp= and no-new-privileges; HostSecurity refuses any other option
            "SecurityOpt",
            // "" (a user namespace of its own) or "host"; HostSecurity refuses any other mode
            "UsernsMode",
            // disk I/O: the node agent writes blkio.* (v1) or io.* (v2); a node that cannot set a weight refuses it
            "BlkioWeight", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps",
            // networking (HostNetwork, HostPorts): an unknown NetworkMode fails at start with a 404, as dockerd
            "NetworkMode", "PortBindings", "PublishAllPorts", "Dns", "DnsSearch", "DnsOptions", "ExtraHosts",
            // a client-side file the CLI writes itself; dockerd ignores it too
            "ContainerIDFile");

    /** Fields honoured in some values only: what Berth does anyway, spelled as a client may send it. */
    static final Map<String, Predicate<JsonNode>> HOST_VALUES = Map.of(
            // the kernel default: Berth does not set a swappiness
            "MemorySwappiness", v -> v.isIntegralNumber() && v.asLong() == -1,
            // every container gets a private cgroup namespace
            "CgroupnsMode", v -> oneOf(v, "", "private"),
            "IpcMode", v -> oneOf(v, "", "private"),
            // the size of Berth's /dev/shm is Docker's default, 64 MiB
            "ShmSize", v -> v.isIntegralNumber() && v.asLong() == 64L << 20,
            // logs are always written in json-file format
            "LogConfig", v -> v.isObject() && oneOf(v.path("Type"), "", "json-file") && zero(v.path("Config")),
            "Isolation", v -> oneOf(v, "", "default"));

    /** Docker's flag for the fields a user most often reaches, so the refusal says what to drop. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("HostConfig.Devices", "--device"), Map.entry("HostConfig.PortBindings", "-p"),
            Map.entry("HostConfig.PublishAllPorts", "-P"), Map.entry("HostConfig.NetworkMode", "--network"),
            Map.entry("NetworkingConfig.EndpointsConfig", "--network"),
            Map.entry("NetworkingConfig.EndpointsConfig.IPAMConfig.IPv6Address", "--ip6"),
            Map.entry("NetworkingConfig.EndpointsConfig.IPAMConfig.LinkLocalIPs", "--link-local-ip"), Map.entry("ExposedPorts", "--expose"),
            Map.entry("HostConfig.Binds", "-v"), Map.entry("HostConfig.Mounts", "--mount"),
            Map.entry("HostConfig.Tmpfs", "--tmpfs"), Map.entry("Volumes", "-v"),
            Map.entry("HostConfig.Dns", "--dns"), Map.entry("HostConfig.ExtraHosts", "--add-host"),
            Map.entry("HostConfig.Ulimits", "--ulimit"), Map.entry("HostConfig.SecurityOpt", "--security-opt"),
            Map.entry("Healthcheck", "--health-cmd"), Map.entry("StopSignal", "--stop-signal"),
            Map.entry("StopTimeout", "--stop-timeout"), Map.entry("HostConfig.Init", "--init"),
            Map.entry("HostConfig.PidMode", "--pid"), Map.entry("HostConfig.UTSMode", "--uts"),
            Map.entry("HostConfig.VolumesFrom", "--volumes-from"), Map.entry("HostConfig.Links", "--link"),
            Map.entry("HostConfig.GroupAdd", "--group-add"), Map.entry("HostConfig.Sysctls", "--sysctl"),
            Map.entry("HostConfig.OomKillDisable", "--oom-kill-disable"),
            Map.entry("HostConfig.MemoryReservation", "--memory-reservation"),
            Map.entry("HostConfig.IpcMode", "--ipc"), Map.entry("HostConfig.Runtime", "--runtime"),
            Map.entry("Domainname", "--domainname"), Map.entry("MacAddress", "--mac-address"),
            Map.entry("HostConfig.BlkioWeightDevice", "--blkio-weight-device"));

    /** Fails with a 400 naming the first field Berth would otherwise ignore. */
    public static void check(JsonNode body) {
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!CONFIG.contains(f.getKey()) && !zero(f.getValue())) {
                throw refused(f.getKey());
            }
        }
        JsonNode host = body.get("HostConfig");
        if (host != null && host.isObject()) {
            checkHost(host);
        }
        JsonNode net = body.get("NetworkingConfig");
        if (net != null && net.isObject()) {
            checkNetworking(net);
        }
    }

    private static void checkHost(JsonNode host) {
        Iterator<Map.Entry<String, JsonNode>> fields = host.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode value = f.getValue();
            if (HOST.contains(name) || zero(value)) {
                continue;
            }
            Predicate<JsonNode> allowed = HOST_VALUES.get(name);
            if (allowed == null || !allowed.test(value)) {
                throw refused("HostConfig." + name);
            }
        }
    }

    /** Endpoints with nothing set in them but their MAC address, aliases and fixed IPv4 address. */
    private static void checkNetworking(JsonNode net) {
        Iterator<Map.Entry<String, JsonNode>> fields = net.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("EndpointsConfig")) {
                if (!zero(f.getValue())) {
                    throw refused("NetworkingConfig." + f.getKey());
                }
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> endpoints = f.getValue().fields();
            while (endpoints.hasNext()) {
                Map.Entry<String, JsonNode> e = endpoints.next();
                JsonNode endpoint = e.getValue().deepCopy();
                if (endpoint instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    // aliases are served by the node's DNS on user networks (HostNetwork refuses them elsewhere);
                    // DNSNames is dockerd's read-only echo of them
                    o.remove(List.of("MacAddress", "Aliases", "DNSNames"));
                    // a fixed IPv4 address is leased as asked (HostNetwork, the agent); the rest of IPAM is not
                    if (o.get("IPAMConfig") instanceof com.fasterxml.jackson.databind.node.ObjectNode ipam) {
                        ipam.remove("IPv4Address");
                        for (Iterator<Map.Entry<String, JsonNode>> it = ipam.fields(); it.hasNext(); ) {
                            Map.Entry<String, JsonNode> field = it.next();
                            if (!zero(field.getValue())) {
                                throw refused("NetworkingConfig.EndpointsConfig.IPAMConfig." + field.getKey());
                            }
                        }
                        o.remove("IPAMConfig");
                    }
                }
                if (!zero(endpoint)) {
                    throw refused("NetworkingConfig.EndpointsConfig");
                }
            }
        }
    }

    /** True for what Go's encoder writes for a field the user never set. */
    static boolean zero(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isBoolean()) {
            return !v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() == 0;
        }
        if (v.isTextual()) {
            return v.asText().isEmpty();
        }
        for (JsonNode child : v) {
            if (!zero(child)) {
                return false;
            }
        }
        return true;
    }

    private static boolean oneOf(JsonNode v, String... values) {
        if (v.isMissingNode() || v.isNull()) {
            return true;
        }
        if (!v.isTextual()) {
            return false;
        }
        for (String s : values) {
            if (s.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    static ApiError refused(String field) {
        String flag = FLAGS.get(field);
        return ApiError.badRequest("Berth does not support " + field + (flag == null ? "" : " (" + flag + ")")
                + ": refusing to create a container without it");
    }

    private HonouredFields() {
    }
}
