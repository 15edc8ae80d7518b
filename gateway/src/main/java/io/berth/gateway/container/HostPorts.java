package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.PortBinding;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published ports of a create: {@code HostConfig.PortBindings} ({@code "80/tcp": [{"HostIp", "HostPort"}]},
 * a host port may be empty or a range {@code 8000-8010}) and, under {@code PublishAllPorts}, every exposed port
 * (the request's {@code ExposedPorts} and the image's) that has no binding yet, on an ephemeral host port.
 */
public final class HostPorts {

    public static List<PortBinding> parse(JsonNode body, JsonNode host, Map<String, Object> imageExposed) {
        List<PortBinding> out = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        JsonNode bindings = host == null ? null : host.get("PortBindings");
        if (bindings != null && !bindings.isNull()) {
            if (!bindings.isObject()) {
                throw ApiError.badRequest("invalid JSON: HostConfig.PortBindings must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = bindings.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int[] port = containerPort(e.getKey());
                String proto = protocol(e.getKey());
                JsonNode list = e.getValue();
                if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
                    continue;
                }
                if (!list.isArray()) {
                    throw ApiError.badRequest("invalid JSON: HostConfig.PortBindings[" + e.getKey() + "] must be a list");
                }
                for (JsonNode b : list) {
                    String hostIp = text(b, "HostIp");
                    if (!hostIp.isEmpty() && !hostIp.equals("0.0.0.0")
                            && !hostIp.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                        throw ApiError.badRequest("invalid host IP " + hostIp + " for port " + e.getKey()
                                + ": only IPv4 addresses are published");
                    }
                    int[] hostPorts = hostPort(text(b, "HostPort"));
                    out.add(new PortBinding(hostIp.equals("0.0.0.0") ? "" : hostIp, hostPorts[0], hostPorts[1],
                            port[0], proto));
                }
                bound.add(port[0] + "/" + proto);
            }
        }
        if (host != null && host.path("PublishAllPorts").asBoolean(false)) {
            Set<String> exposed = new LinkedHashSet<>(imageExposed.keySet());
            JsonNode requested = body.get("ExposedPorts");
            if (requested != null && requested.isObject()) {
                requested.fieldNames().forEachRemaining(exposed::add);
            }
            for (String key : exposed) {
                int[] port = containerPort(key);
                String proto = protocol(key);
                if (bound.add(port[0] + "/" + proto)) {
                    out.add(new PortBinding("", 0, 0, port[0], proto));
                }
            }
        }
        return out;
    }

    private static int[] containerPort(String key) {
        String number = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        try {
            int p = Integer.parseInt(number);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return new int[]{p};
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid containerPort: " + number);
        }
    }

    private static String protocol(String key) {
        String proto = key.contains("/") ? key.substring(key.indexOf('/') + 1).toLowerCase() : "tcp";
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw ApiError.badRequest("invalid proto: " + proto + " (only tcp and udp are published)");
        }
        return proto;
    }

    private static int[] hostPort(String text) {
        if (text.isEmpty()) {
            return new int[]{0, 0};
        }
        String[] range = text.split("-", -1);
        try {
            int low = Integer.parseInt(range[0]);
            int high = range.length == 2 ? Integer.parseInt(range[1]) : low;
            if (range.length > 2 || low < 1 || high > 65535 || high < low) {
                throw new NumberFormatException();
            }
            return new int[]{low, high};
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid hostPort: " + text);
        }
    }

    private static String text(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        return n == null || n.isNull() ? "" : n.asText();
    }

    private HostPorts() {
    }
}
