package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.LayerRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure readers of manifest and config JSON: which entry of an index to follow, the layers, the config. */
final class ManifestParts {

    /** The digest of the linux/amd64 manifest of an index, else its first manifest, else null. */
    static String pickPlatform(JsonNode index) {
        String first = null;
        for (JsonNode m : index.path("manifests")) {
            String digest = m.path("digest").asText(null);
            if (first == null) {
                first = digest;
            }
            JsonNode platform = m.path("platform");
            if ("linux".equals(platform.path("os").asText()) && "amd64".equals(platform.path("architecture").asText())) {
                return digest;
            }
        }
        return first;
    }

    static List<LayerRef> layers(JsonNode manifest) {
        List<LayerRef> layers = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            layers.add(new LayerRef(l.path("digest").asText(), l.path("mediaType").asText(), l.path("size").asLong()));
        }
        return layers;
    }

    static ResolvedImage image(ImageRef ref, String manifestDigest, String configDigest, List<LayerRef> layers,
                               JsonNode blob) {
        JsonNode c = blob.path("config");
        ImageConfig config = new ImageConfig(strings(c.get("Env")), strings(c.get("Cmd")),
                strings(c.get("Entrypoint")), text(c.get("WorkingDir")), text(c.get("User")),
                stringMap(c.get("Labels")), objectMap(c.get("ExposedPorts")),
                c.get("Healthcheck") == null || !c.get("Healthcheck").isObject() ? null : c.get("Healthcheck"),
                c.path("Volumes").isObject() ? new ArrayList<>(objectMap(c.get("Volumes")).keySet()) : null,
                text(c.get("StopSignal")), strings(c.get("OnBuild")), strings(c.get("Shell")));
        return new ResolvedImage(ref, manifestDigest, configDigest, layers, config, text(blob.get("created")),
                textOr(blob.get("os"), "linux"), textOr(blob.get("architecture"), "amd64"),
                strings(blob.path("rootfs").get("diff_ids")));
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, Object> objectMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(k -> out.put(k, Map.of()));
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String textOr(JsonNode node, String fallback) {
        String t = text(node);
        return t == null || t.isEmpty() ? fallback : t;
    }

    private ManifestParts() {
    }
}
