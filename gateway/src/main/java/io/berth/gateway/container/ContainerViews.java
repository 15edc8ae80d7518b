package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.ContainerState;
import io.berth.events.state.Health;
import io.berth.events.state.HealthResult;
import io.berth.events.Json;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NodeRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's JSON for a container: an item of {@code GET /containers/json} and {@code GET /containers/{id}/json}. */
public final class ContainerViews {

    public static Map<String, Object> listItem(ContainerRecord r, Instant now) {
        return listItem(r, List.of(), now);
    }

    /** With the container's address, when it has one. */
    public static Map<String, Object> listItem(ContainerRecord r, EndpointRecord endpoint, Instant now) {
        return listItem(r, endpoint == null ? List.of() : List.of(endpoint), now);
    }

    /** With the container's addresses, one per network it is on. */
    public static Map<String, Object> listItem(ContainerRecord r, List<EndpointRecord> endpoint, Instant now) {
        ContainerSpec spec = r.spec();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", r.id());
        out.put("Names", List.of("/" + r.name()));
        out.put("Image", spec.image());
        out.put("ImageID", spec.imageId());
        out.put("Command", command(spec.argv()));
        Instant created = Times.parse(r.createdAt());
        out.put("Created", created == null ? 0 : created.getEpochSecond());
        out.put("Ports", NetworkViews.listPorts(r, endpoint));
        out.put("Labels", listLabels(r));
        out.put("State", r.status().docker());
        out.put("Status", StatusText.of(r, now));
        out.put("HostConfig", Map.of("NetworkMode", spec.network().mode().equals("bridge") ? "default" : spec.network().mode()));
        out.put("NetworkSettings", Map.of("Networks", NetworkViews.networks(r, endpoint)));
        out.put("Mounts", MountViews.of(spec, Map.of()));
        return out;
    }

    /** Adds the sizes {@code size=1} asks for, at 0 until the node that holds the container has measured them. */
    public static Map<String, Object> withSizes(Map<String, Object> item) {
        item.put("SizeRw", 0);
        item.put("SizeRootFs", 0);
        return item;
    }

    public static Map<String, Object> inspect(ContainerRecord r, NodeRecord node) {
        return inspect(r, node, List.of(), Map.of());
    }

    /**
     * With the container's address, when it has one, and {@code mountpoints}: where each of its volumes lives on
     * its node, for {@code Mounts[].Source}.
     */
    public static Map<String, Object> inspect(ContainerRecord r, NodeRecord node, EndpointRecord endpoint,
                                              Map<String, String> mountpoints) {
        return inspect(r, node, endpoint == null ? List.of() : List.of(endpoint), mountpoints);
    }

    /** With the container's addresses, one per network it is on. */
    public static Map<String, Object> inspect(ContainerRecord r, NodeRecord node, List<EndpointRecord> endpoint,
                                              Map<String, String> mountpoints) {
        ContainerSpec spec = r.spec();
        List<String> argv = spec.argv();
        ObjectNode body = body(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", r.id());
        out.put("Created", Times.orUnset(r.createdAt()));
        out.put("Path", argv.isEmpty() ? "" : argv.get(0));
        out.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        out.put("State", state(r));
        out.put("Image", spec.imageId());
        out.put("ResolvConfPath", "");
        out.put("HostnamePath", "");
        out.put("HostsPath", "");
        out.put("LogPath", "");
        out.put("Name", "/" + r.name());
        out.put("RestartCount", r.restartCount());
        out.put("Driver", "overlay2");
        out.put("Platform", "linux");
        out.put("MountLabel", "");
        out.put("ProcessLabel", "");
        out.put("AppArmorProfile", "");
        out.put("ExecIDs", null);
        out.put("HostConfig", hostConfig(body));
        out.put("GraphDriver", Map.of("Name", "overlay2", "Data", Map.of()));
        out.put("Mounts", MountViews.of(spec, mountpoints));
        out.put("Config", config(body, spec));
        out.put("NetworkSettings", NetworkViews.settings(r, endpoint));
        out.put("Node", node(r, node));
        return out;
    }

    private static Map<String, Object> state(ContainerRecord r) {
        Map<String, Object> s = new LinkedHashMap<>();
        ContainerState st = r.status();
        s.put("Status", st.docker());
        // Docker reports a paused or restarting container as running too
        s.put("Running", st == ContainerState.RUNNING || st == ContainerState.PAUSED || st == ContainerState.RESTARTING);
        s.put("Paused", st == ContainerState.PAUSED);
        s.put("Restarting", st == ContainerState.RESTARTING);
        s.put("OOMKilled", r.oomKilled());
        s.put("Dead", st == ContainerState.DEAD);
        s.put("Pid", r.pid());
        s.put("ExitCode", r.exitCode());
        s.put("Error", r.error());
        s.put("StartedAt", Times.orUnset(r.startedAt()));
        s.put("FinishedAt", Times.orUnset(r.finishedAt()));
        if (r.health() != null) {
            s.put("Health", health(r.health()));
        }
        return s;
    }

    private static Map<String, Object> health(Health h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Status", h.status());
        out.put("FailingStreak", h.failingStreak());
        List<Map<String, Object>> log = new ArrayList<>();
        for (HealthResult result : h.log()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Start", result.start());
            entry.put("End", result.end());
            entry.put("ExitCode", result.exitCode());
            entry.put("Output", result.output());
            log.add(entry);
        }
        out.put("Log", log);
        return out;
    }

    /** The container's {@code Config} as inspect shows it: what {@code docker commit} makes the image's config. */
    public static ObjectNode config(ContainerRecord r) {
        return config(body(r), r.spec());
    }

    /** The create body as sent, with what Berth resolved from the image filled in. */
    private static ObjectNode config(ObjectNode body, ContainerSpec spec) {
        ObjectNode c = body.deepCopy();
        c.remove("HostConfig");
        c.remove("NetworkingConfig");
        c.put("Hostname", spec.hostname());
        c.put("Image", spec.image());
        c.set("Env", Json.MAPPER.valueToTree(spec.env()));
        c.set("Cmd", spec.cmd().isEmpty() ? null : Json.MAPPER.valueToTree(spec.cmd()));
        c.set("Entrypoint", spec.entrypoint().isEmpty() ? null : Json.MAPPER.valueToTree(spec.entrypoint()));
        c.put("WorkingDir", "/".equals(spec.workingDir()) && !body.hasNonNull("WorkingDir") ? "" : spec.workingDir());
        c.put("User", spec.user());
        c.set("Labels", Json.MAPPER.valueToTree(spec.labels()));
        c.put("Tty", spec.tty());
        c.put("OpenStdin", spec.openStdin());
        for (String flag : List.of("AttachStdin", "AttachStdout", "AttachStderr", "StdinOnce")) {
            if (!c.hasNonNull(flag)) {
                c.put(flag, false);
            }
        }
        return c;
    }

    /** Where it runs, in classic Swarm's shape, so {@code docker inspect} shows the node. */
    /**
     * The request's HostConfig with what the daemon decided filled in where the client left it out: clients
     * read these (docker-py reads {@code LogConfig.Type} after every {@code run}).
     */
    private static ObjectNode hostConfig(JsonNode body) {
        ObjectNode host = body.has("HostConfig") && body.get("HostConfig").isObject()
                ? ((ObjectNode) body.get("HostConfig")).deepCopy()
                : Json.MAPPER.createObjectNode();
        JsonNode log = host.get("LogConfig");
        if (log == null || !log.isObject() || !log.hasNonNull("Type") || log.get("Type").asText().isEmpty()) {
            host.putObject("LogConfig").put("Type", "json-file").putObject("Config");
        }
        if (!host.hasNonNull("NetworkMode") || host.get("NetworkMode").asText().isEmpty()) {
            host.put("NetworkMode", "default");
        }
        if (!host.hasNonNull("RestartPolicy")) {
            host.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
        }
        return host;
    }

    /** The label {@code docker ps} shows with the name of the node that runs the container. */
    public static final String NODE_LABEL = "berth.node";

    /** The user's labels plus {@value #NODE_LABEL}, so scripts can see where each container runs. */
    static Map<String, String> listLabels(ContainerRecord r) {
        if (r.nodeId() == null) {
            return r.spec().labels();
        }
        Map<String, String> labels = new java.util.TreeMap<>(r.spec().labels());
        labels.put(NODE_LABEL, r.nodeId());
        return labels;
    }

    private static Map<String, Object> node(ContainerRecord r, NodeRecord node) {
        if (r.nodeId() == null) {
            return null;
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("ID", r.nodeId());
        n.put("Name", r.nodeId());
        String addr = node == null ? "" : node.address();
        n.put("Addr", addr == null ? "" : addr);
        n.put("IP", addr == null ? "" : addr.replaceAll(":[0-9]+$", ""));
        n.put("Labels", node == null ? Map.of() : node.labels());
        return n;
    }

    private static ObjectNode body(ContainerRecord r) {
        if (r.request() != null && !r.request().isEmpty()) {
            JsonNode parsed = Json.read(r.request(), JsonNode.class);
            if (parsed instanceof ObjectNode o) {
                return o;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    private ContainerViews() {
    }

    /** dockerd's list command: path and arguments joined, an argument holding a space in single quotes. */
    static String command(List<String> argv) {
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            shown.add(i > 0 && a.contains(" ") ? "'" + a + "'" : a);
        }
        return String.join(" ", shown);
    }
}
