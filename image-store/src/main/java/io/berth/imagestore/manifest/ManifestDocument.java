package io.berth.imagestore.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry reads from a manifest: its media type, the blobs an image needs (config and layers) and,
 * for an index, its child manifests with their platforms.
 *
 * @param mediaType the body's {@code mediaType}, else the Content-Type it was pushed with
 * @param blobs     config then layers (an image); empty for an index. Foreign layers (with {@code urls}) are left out
 * @param children  the manifests an index lists; empty for an image
 */
public record ManifestDocument(String mediaType, List<Digest> blobs, List<Child> children) {
    /** The largest manifest accepted; larger bodies are refused before they are read. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** One entry of an index. */
    public record Child(Digest digest, String mediaType, String os, String architecture, String variant) {
    }

    public boolean isIndex() {
        return mediaType != null && MediaTypes.INDEXES.contains(mediaType);
    }

    /**
     * Parses a pushed manifest.
     *
     * @param contentType the request's Content-Type (may be null); must agree with a {@code mediaType} in the body
     * @throws ManifestInvalidException with a message naming what is wrong
     */
    public static ManifestDocument parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ManifestInvalidException("manifest is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestInvalidException("manifest is not a JSON object");
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new ManifestInvalidException("unsupported schemaVersion " + root.path("schemaVersion")
                    + ": only schema 2 (Docker v2, OCI) manifests are accepted");
        }
        String declared = root.path("mediaType").isTextual() ? root.path("mediaType").asText() : null;
        String header = contentType == null ? null : contentType.split(";", 2)[0].trim();
        if (declared != null && header != null && MediaTypes.known(header) && !declared.equals(header)) {
            throw new ManifestInvalidException("mediaType " + declared + " does not match Content-Type " + header);
        }
        String type = declared != null ? declared : MediaTypes.known(header) ? header : guess(root);
        if (!MediaTypes.known(type)) {
            throw new ManifestInvalidException("unsupported manifest media type " + type);
        }
        return MediaTypes.INDEXES.contains(type)
                ? new ManifestDocument(type, List.of(), children(root))
                : new ManifestDocument(type, blobs(root), List.of());
    }

    // An OCI manifest may leave out mediaType; its fields tell which kind it is.
    private static String guess(JsonNode root) {
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (root.has("config") && root.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw new ManifestInvalidException("manifest has neither mediaType nor config/layers nor manifests");
    }

    private static List<Digest> blobs(JsonNode root) {
        List<Digest> blobs = new ArrayList<>();
        blobs.add(digest(root.path("config"), "config"));
        JsonNode layers = root.path("layers");
        if (!layers.isArray()) {
            throw new ManifestInvalidException("manifest has no layers array");
        }
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            if (layer.path("urls").isArray() && layer.path("urls").size() > 0) {
                continue; // a foreign layer: fetched from its urls, never pushed here
            }
            blobs.add(digest(layer, "layers[" + i + "]"));
        }
        return List.copyOf(blobs);
    }

    private static List<Child> children(JsonNode root) {
        JsonNode manifests = root.path("manifests");
        if (!manifests.isArray()) {
            throw new ManifestInvalidException("index has no manifests array");
        }
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode entry = manifests.get(i);
            JsonNode platform = entry.path("platform");
            children.add(new Child(digest(entry, "manifests[" + i + "]"), entry.path("mediaType").asText(null),
                    platform.path("os").asText(null), platform.path("architecture").asText(null),
                    platform.path("variant").asText(null)));
        }
        return List.copyOf(children);
    }

    private static Digest digest(JsonNode descriptor, String where) {
        if (!descriptor.path("digest").isTextual()) {
            throw new ManifestInvalidException(where + " has no digest");
        }
        try {
            return Digest.parse(descriptor.path("digest").asText());
        } catch (IllegalArgumentException e) {
            throw new ManifestInvalidException(where + ": " + e.getMessage());
        }
    }
}
