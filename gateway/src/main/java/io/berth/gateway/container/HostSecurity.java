package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.Security;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.List;

/** The confinement fields of a create's {@code HostConfig}: Privileged, CapAdd, CapDrop, ReadonlyRootfs. */
public final class HostSecurity {

    public static Security parse(JsonNode host) {
        return new Security(bool(host, "Privileged"), strings(host, "CapAdd"), strings(host, "CapDrop"),
                bool(host, "ReadonlyRootfs"));
    }

    /** {@code HostConfig.Init} ({@code --init}); null (the daemon's default) is no init. */
    public static boolean init(JsonNode host) {
        return bool(host, "Init");
    }

    private static boolean bool(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type bool");
        }
        return node.asBoolean();
    }

    private static List<String> strings(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    out.add(item.asText());
                    continue;
                }
                throw wrongType(name, item);
            }
            return out;
        }
        throw wrongType(name, node);
    }

    private static ApiError wrongType(String name, JsonNode node) {
        return ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                + " into Go struct field HostConfig." + name + " of type string");
    }

    private HostSecurity() {
    }
}
