package io.berth.imagestore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Answers a parsed route from the store. Blocking (disk reads): run it on a worker thread. */
public final class RegistryLookup {
    public static final String DIGEST_HEADER = "Docker-Content-Digest";
    // A manifest is small; anything bigger is a layer asked for as a manifest.
    private static final long MAX_MANIFEST = 4 * 1024 * 1024;

    private final ContentStore store;

    public RegistryLookup(ContentStore store) {
        this.store = store;
    }

    public Reply answer(RegistryRoute route) {
        // Java 17: no pattern switch, so an instanceof ladder over the sealed routes
        if (route instanceof RegistryRoute.Manifest manifest) {
            return manifest(manifest);
        }
        if (route instanceof RegistryRoute.Blob blob) {
            return blob(blob);
        }
        if (route instanceof RegistryRoute.TagList list) {
            return tags(list);
        }
        if (route instanceof RegistryRoute.Catalog) {
            return catalog();
        }
        if (route instanceof RegistryRoute.Invalid invalid) {
            return Reply.error(invalid.error());
        }
        return Reply.json(200, "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private Reply catalog() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        store.repositories().forEach(root.putArray("repositories")::add);
        return Reply.json(200, Json.bytes(root));
    }

    private Reply tags(RegistryRoute.TagList list) {
        if (!store.hasRepository(list.name())) {
            return Reply.error(RegistryError.nameUnknown(list.name().value()));
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("name", list.name().value());
        store.tags(list.name()).forEach(root.putArray("tags")::add);
        return Reply.json(200, Json.bytes(root));
    }

    private Reply manifest(RegistryRoute.Manifest route) {
        if (!store.hasRepository(route.name())) {
            return Reply.error(RegistryError.nameUnknown(route.name().value()));
        }
        Optional<Digest> digest = route.tag() != null ? store.resolve(route.name(), route.tag()) : Optional.of(route.digest());
        Optional<Path> file = digest.flatMap(store::blob);
        if (file.isEmpty()) {
            return Reply.error(RegistryError.manifestUnknown(route.reference()));
        }
        Optional<String> mediaType = manifestType(file.get());
        if (mediaType.isEmpty()) {
            return Reply.error(RegistryError.manifestUnknown(route.reference()));
        }
        byte[] body = store.read(digest.get());
        return new Reply.Document(200, mediaType.get(), body, Map.of(DIGEST_HEADER, digest.get().toString()));
    }

    private Reply blob(RegistryRoute.Blob route) {
        if (!store.hasRepository(route.name())) {
            return Reply.error(RegistryError.nameUnknown(route.name().value()));
        }
        return store.blob(route.digest())
                .<Reply>map(path -> new Reply.FileBody(200, "application/octet-stream", path, size(path),
                        Map.of(DIGEST_HEADER, route.digest().toString())))
                .orElseGet(() -> Reply.error(RegistryError.blobUnknown(route.digest().toString())));
    }

    /** The manifest's own mediaType, or empty if the blob is not a manifest at all. */
    private static Optional<String> manifestType(Path file) {
        try {
            if (Files.size(file) > MAX_MANIFEST) {
                return Optional.empty();
            }
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject() || !node.path("schemaVersion").isInt()) {
                return Optional.empty();
            }
            return Optional.of(node.path("mediaType").asText("application/vnd.oci.image.manifest.v1+json"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot stat " + path, e);
        }
    }
}
