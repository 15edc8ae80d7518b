package io.berth.gateway.archive;

import io.berth.events.spec.Descriptor;
import io.berth.events.spec.Digest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.gateway.image.ImageRef;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code docker save}'s archive as Docker 25+ does: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/…} with plain layer tars) plus the docker-archive files
 * ({@code manifest.json}, {@code repositories}) pointing into the same blobs, so both kinds of loader read it.
 */
public final class ArchiveWriter {
    static final String PLAIN_LAYER = "application/vnd.oci.image.layer.v1.tar";

    /**
     * @param config      the config blob as stored
     * @param plainLayers the uncompressed layer tars, lowest first (their digests are the config's diff_ids)
     * @param repoTags    familiar {@code name:tag} references
     */
    public record SavedImage(byte[] config, List<byte[]> plainLayers, List<String> repoTags) {
    }

    public static byte[] write(List<SavedImage> images) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> written = new LinkedHashSet<>();
            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            ArrayNode dockerManifest = Json.MAPPER.createArrayNode();
            ObjectNode index = Json.MAPPER.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            ArrayNode indexManifests = index.putArray("manifests");
            Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
            for (SavedImage image : images) {
                String configDigest = Digest.of(image.config()).toString();
                blob(tar, written, configDigest, image.config());
                ObjectNode manifest = Json.MAPPER.createObjectNode();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                manifest.set("config", new Descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                        image.config().length).json());
                ArrayNode layers = manifest.putArray("layers");
                List<String> layerPaths = new ArrayList<>();
                String top = null;
                for (byte[] layer : image.plainLayers()) {
                    String diffId = Digest.of(layer).toString();
                    blob(tar, written, diffId, layer);
                    layers.add(new Descriptor(PLAIN_LAYER, diffId, layer.length).json());
                    layerPaths.add(path(diffId));
                    top = Digest.hexOf(diffId);
                }
                byte[] manifestBytes = Json.bytes(manifest);
                String manifestDigest = Digest.of(manifestBytes).toString();
                blob(tar, written, manifestDigest, manifestBytes);
                ObjectNode entry = dockerManifest.addObject();
                entry.put("Config", path(configDigest));
                ArrayNode repoTags = entry.putArray("RepoTags");
                image.repoTags().forEach(repoTags::add);
                ArrayNode layerArray = entry.putArray("Layers");
                layerPaths.forEach(layerArray::add);
                if (image.repoTags().isEmpty()) {
                    indexManifests.add(new Descriptor(manifest.path("mediaType").asText(), manifestDigest,
                            manifestBytes.length).json());
                }
                for (String repoTag : image.repoTags()) {
                    ImageRef ref = ImageRef.parse(repoTag);
                    ObjectNode d = new Descriptor(manifest.path("mediaType").asText(), manifestDigest,
                            manifestBytes.length).json();
                    ObjectNode annotations = d.putObject("annotations");
                    annotations.put("io.containerd.image.name", ref.domain() + "/" + ref.repository() + ":" + ref.tag());
                    annotations.put("org.opencontainers.image.ref.name", ref.tag());
                    indexManifests.add(d);
                    if (top != null) {
                        repositories.computeIfAbsent(ref.familiarName(), k -> new LinkedHashMap<>()).put(ref.tag(), top);
                    }
                }
            }
            file(tar, "index.json", Json.bytes(index));
            file(tar, "manifest.json", Json.bytes(dockerManifest));
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!repositories.isEmpty()) {
                file(tar, "repositories", Json.bytes(repositories));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String path(String digest) {
        return "blobs/sha256/" + Digest.hexOf(digest);
    }

    private static void blob(TarArchiveOutputStream tar, Set<String> written, String digest, byte[] bytes)
            throws IOException {
        if (written.add(digest)) {
            file(tar, path(digest), bytes);
        }
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(new Date(0));
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100644);
        entry.setModTime(new Date(0));
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private ArchiveWriter() {
    }
}
