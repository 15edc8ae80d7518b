package io.berth.gateway.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a {@code POST /containers/create} body Berth acts on, read with Docker's typing rules: a null
 * field is absent, {@code Cmd}/{@code Entrypoint} take a string or a list, anything else of the wrong type
 * is a 400. {@code cmd} and {@code entrypoint} stay null when absent, since absent and empty differ.
 */
public record CreateRequest(String image, List<String> cmd, List<String> entrypoint, List<String> env,
                            String hostname, String workingDir, String user, Map<String, String> labels,
                            boolean tty, boolean openStdin, long memory, long nanoCpus, long pidsLimit,
                            long cpuShares, String restartPolicy, boolean autoRemove, ObjectNode body) {

    public static CreateRequest parse(byte[] raw) {
        JsonNode root;
        try {
            root = raw.length == 0 ? null : Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("invalid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ApiError.badRequest("invalid JSON: got EOF while reading request body");
        }
        if (!root.isObject()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + kind(root)
                    + " into Go value of type container.Config");
        }
        ObjectNode body = (ObjectNode) root;
        JsonNode host = field(body, "HostConfig", "object");
        JsonNode restart = host == null ? null : field(host, "RestartPolicy", "object");
        String image = text(body, "Image");
        if (image == null || image.isEmpty()) {
            throw ApiError.badRequest("No image specified");
        }
        return new CreateRequest(image,
                strSlice(body, "Cmd"), strSlice(body, "Entrypoint"), strings(body, "Env"),
                text(body, "Hostname"), text(body, "WorkingDir"), text(body, "User"), labels(body),
                bool(body, "Tty"), bool(body, "OpenStdin"),
                number(host, "Memory"), number(host, "NanoCpus"), number(host, "PidsLimit"),
                number(host, "CpuShares"), restart == null ? null : text(restart, "Name"),
                host != null && bool(host, "AutoRemove"), body);
    }

    /** The HostConfig object as sent, or an empty object. */
    public JsonNode hostConfig() {
        JsonNode host = body.get("HostConfig");
        return host == null || host.isNull() ? Json.MAPPER.createObjectNode() : host;
    }

    private static JsonNode field(JsonNode parent, String name, String want) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        boolean ok = switch (want) {
            case "object" -> node.isObject();
            case "string" -> node.isTextual();
            case "array" -> node.isArray();
            case "bool" -> node.isBoolean();
            default -> node.isIntegralNumber();
        };
        if (!ok) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + kind(node) + " into Go struct field "
                    + name + " of type " + want);
        }
        return node;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = field(parent, name, "string");
        return node == null ? null : node.asText();
    }

    private static boolean bool(JsonNode parent, String name) {
        JsonNode node = field(parent, name, "bool");
        return node != null && node.asBoolean();
    }

    private static long number(JsonNode parent, String name) {
        if (parent == null) {
            return 0;
        }
        JsonNode node = field(parent, name, "integer");
        return node == null ? 0 : node.asLong();
    }

    private static List<String> strings(JsonNode parent, String name) {
        JsonNode node = field(parent, name, "array");
        if (node == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + kind(item)
                        + " into Go struct field " + name + " of type string");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** Docker's StrSlice: a single string is a one-element list. */
    private static List<String> strSlice(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node != null && node.isTextual()) {
            return List.of(node.asText());
        }
        return strings(parent, name);
    }

    private static Map<String, String> labels(JsonNode body) {
        JsonNode node = field(body, "Labels", "object");
        if (node == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + kind(e.getValue())
                        + " into Go struct field Labels of type string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        return node.isObject() ? "object" : "null";
    }
}
