package io.berth.imagestore.http;

import io.berth.events.spec.Digest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.imagestore.manifest.Manifests;
import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.RepositoryName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers the read routes from the store. Blocking (disk reads): run it on a worker thread. */
public final class RegistryLookup {
    public static final String DIGEST_HEADER = "Docker-Content-Digest";

    private final ContentStore store;
    private final Manifests manifests;

    public RegistryLookup(ContentStore store, Manifests manifests) {
        this.store = store;
        this.manifests = manifests;
    }

    /**
     * @param accept the request's Accept headers (manifest negotiation)
     * @param range  the request's Range header, or null (blob reads)
     */
    public Reply answer(RegistryRoute route, List<String> accept, String range) {
        // Java 17: no pattern switch, so an instanceof ladder over the sealed routes
        if (route instanceof RegistryRoute.Manifest manifest) {
            return manifest(manifest, accept);
        }
        if (route instanceof RegistryRoute.Blob blob) {
            return blob(blob, range);
        }
        if (route instanceof RegistryRoute.TagList list) {
            return tags(list);
        }
        if (route instanceof RegistryRoute.Catalog catalog) {
            return catalog(catalog);
        }
        if (route instanceof RegistryRoute.Invalid invalid) {
            return Reply.error(invalid.error());
        }
        return Reply.json(200, "{}".getBytes(StandardCharsets.US_ASCII));
    }

    private Reply catalog(RegistryRoute.Catalog route) {
        Page.Slice slice = route.page().apply(store.repositories());
        ObjectNode root = Json.MAPPER.createObjectNode();
        slice.names().forEach(root.putArray("repositories")::add);
        return Reply.json(200, Json.bytes(root), link("/v2/_catalog", route.page(), slice));
    }

    private Reply tags(RegistryRoute.TagList list) {
        if (!store.hasRepository(list.name())) {
            return Reply.error(RegistryError.nameUnknown(list.name().value()));
        }
        Page.Slice slice = list.page().apply(store.tags(list.name()));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("name", list.name().value());
        slice.names().forEach(root.putArray("tags")::add);
        return Reply.json(200, Json.bytes(root), link("/v2/" + list.name() + "/tags/list", list.page(), slice));
    }

    // The spec's pagination: a Link to the next page while names remain.
    private static Map<String, String> link(String path, Page page, Page.Slice slice) {
        if (!slice.more()) {
            return Map.of();
        }
        String last = java.net.URLEncoder.encode(slice.lastName(), StandardCharsets.UTF_8);
        return Map.of("Link", "<" + path + "?n=" + page.n() + "&last=" + last + ">; rel=\"next\"");
    }

    private Reply manifest(RegistryRoute.Manifest route, List<String> accept) {
        if (!store.hasRepository(route.name())) {
            return Reply.error(RegistryError.nameUnknown(route.name().value()));
        }
        return manifests.get(route.name(), route.tag(), route.digest(), accept)
                .<Reply>map(m -> new Reply.Document(200, m.mediaType(), m.body(), Map.of(DIGEST_HEADER, m.digest().toString())))
                .orElseGet(() -> Reply.error(RegistryError.manifestUnknown(route.reference())));
    }

    // Blobs are one content-addressed namespace: any repository name reaches any blob (see README).
    private Reply blob(RegistryRoute.Blob route, String range) {
        store.claim(route.digest());
        Optional<Path> file = store.blob(route.digest());
        if (file.isEmpty()) {
            return Reply.error(RegistryError.blobUnknown(route.digest().toString()));
        }
        long size = size(file.get());
        Optional<ByteRange> part;
        try {
            part = ByteRange.resolve(range, size);
        } catch (IllegalArgumentException e) {
            return new Reply.Document(416, "application/json", RegistryError.rangeInvalid(range).body(),
                    Map.of("Content-Range", "bytes */" + size));
        }
        Map<String, String> headers = Map.of(DIGEST_HEADER, route.digest().toString(), "Accept-Ranges", "bytes");
        if (part.isEmpty()) {
            return new Reply.FileBody(200, "application/octet-stream", file.get(), 0, size, headers);
        }
        ByteRange r = part.get();
        return new Reply.FileBody(206, "application/octet-stream", file.get(), r.offset(), r.length(),
                Map.of(DIGEST_HEADER, route.digest().toString(), "Accept-Ranges", "bytes",
                        "Content-Range", r.contentRange(size)));
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }

}
