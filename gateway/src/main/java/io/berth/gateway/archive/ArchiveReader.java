package io.berth.gateway.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code docker load} is given: a docker-archive ({@code manifest.json} + config + layer tars, what
 * {@code docker save} writes) or an OCI image layout ({@code index.json} + {@code blobs/}); either may be
 * compressed as a whole. Names come from {@code RepoTags}, or from the OCI annotations
 * {@code io.containerd.image.name} / a full {@code org.opencontainers.image.ref.name}.
 */
public final class ArchiveReader {

    public static List<ArchivedImage> read(byte[] archive) {
        Map<String, byte[]> files = files(Compression.plain(archive));
        if (files.containsKey("manifest.json")) {
            return dockerArchive(files);
        }
        if (files.containsKey("index.json")) {
            return ociLayout(files);
        }
        throw ApiError.badRequest("invalid archive: neither manifest.json (docker save) nor index.json (OCI layout)"
                + " found");
    }

    private static List<ArchivedImage> dockerArchive(Map<String, byte[]> files) {
        JsonNode manifest = json(files, "manifest.json");
        if (!manifest.isArray()) {
            throw ApiError.badRequest("invalid archive: manifest.json is not a list");
        }
        List<ArchivedImage> out = new ArrayList<>();
        for (JsonNode entry : manifest) {
            byte[] config = file(files, entry.path("Config").asText());
            List<byte[]> layers = new ArrayList<>();
            for (JsonNode l : entry.path("Layers")) {
                layers.add(file(files, l.asText()));
            }
            List<String> tags = new ArrayList<>();
            entry.path("RepoTags").forEach(t -> tags.add(t.asText()));
            out.add(new ArchivedImage(config, layers, tags));
        }
        return out;
    }

    private static List<ArchivedImage> ociLayout(Map<String, byte[]> files) {
        List<ArchivedImage> out = new ArrayList<>();
        for (JsonNode descriptor : json(files, "index.json").path("manifests")) {
            collect(files, descriptor, out, 0);
        }
        return out;
    }

    private static void collect(Map<String, byte[]> files, JsonNode descriptor, List<ArchivedImage> out, int depth) {
        JsonNode doc = Json.read(blob(files, descriptor.path("digest").asText()), JsonNode.class);
        if (doc.has("manifests")) {
            if (depth > 2) {
                throw ApiError.badRequest("invalid archive: indexes nested too deep");
            }
            for (JsonNode child : doc.path("manifests")) {
                JsonNode platform = child.path("platform");
                if (platform.isMissingNode() || ("linux".equals(platform.path("os").asText())
                        && "amd64".equals(platform.path("architecture").asText()))) {
                    collect(files, child, out, depth + 1);
                    return;
                }
            }
            throw ApiError.badRequest("invalid archive: no linux/amd64 image in the index");
        }
        byte[] config = blob(files, doc.path("config").path("digest").asText());
        List<byte[]> layers = new ArrayList<>();
        for (JsonNode l : doc.path("layers")) {
            layers.add(blob(files, l.path("digest").asText()));
        }
        List<String> tags = new ArrayList<>();
        JsonNode annotations = descriptor.path("annotations");
        String name = annotations.path("io.containerd.image.name").asText("");
        String refName = annotations.path("org.opencontainers.image.ref.name").asText("");
        if (!name.isEmpty()) {
            tags.add(name);
        } else if (refName.contains(":") || refName.contains("/")) {
            tags.add(refName);
        }
        out.add(new ArchivedImage(config, layers, tags));
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        int colon = digest.indexOf(':');
        if (colon < 0) {
            throw ApiError.badRequest("invalid archive: bad digest " + digest);
        }
        return file(files, "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1));
    }

    private static JsonNode json(Map<String, byte[]> files, String name) {
        try {
            return Json.MAPPER.readTree(file(files, name));
        } catch (IOException e) {
            throw ApiError.badRequest("invalid archive: " + name + " is not JSON: " + e.getMessage());
        }
    }

    private static byte[] file(Map<String, byte[]> files, String name) {
        byte[] bytes = files.get(normalise(name));
        if (bytes == null) {
            throw ApiError.badRequest("invalid archive: " + name + " is missing");
        }
        return bytes;
    }

    private static Map<String, byte[]> files(byte[] tar) {
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            boolean any = false;
            while ((entry = in.getNextEntry()) != null) {
                any = true;
                if (entry.isSymbolicLink() || entry.isLink()) {
                    // docker save links identical layers to one another
                    links.put(normalise(entry.getName()), entry.isLink() ? normalise(entry.getLinkName())
                            : resolve(normalise(entry.getName()), entry.getLinkName()));
                } else if (entry.isFile()) {
                    files.put(normalise(entry.getName()), in.readAllBytes());
                }
            }
            if (!any) {
                throw ApiError.badRequest("invalid archive: empty or not a tar file");
            }
        } catch (IOException e) {
            throw ApiError.badRequest("invalid archive: " + e.getMessage());
        }
        links.forEach((from, to) -> {
            if (files.containsKey(to)) {
                files.put(from, files.get(to));
            }
        });
        return files;
    }

    private static String resolve(String from, String target) {
        if (target.startsWith("/")) {
            return normalise(target);
        }
        int slash = from.lastIndexOf('/');
        String base = slash < 0 ? "" : from.substring(0, slash + 1);
        return java.nio.file.Path.of("/" + base + target).normalize().toString().substring(1);
    }

    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    private ArchiveReader() {
    }
}
