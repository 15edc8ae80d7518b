package io.berth.gateway.archive;

import io.berth.events.spec.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveRoundTripTest {

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] layer(String name, String content) throws IOException {
        return tar(Map.of(name, content.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] config(byte[]... layers) {
        StringBuilder ids = new StringBuilder();
        for (byte[] l : layers) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(Digest.of(l).toString()).append('"');
        }
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void saveWritesBothLayoutsAndLoadReadsItBack() throws IOException {
        byte[] base = layer("bin/sh", "#!");
        byte[] top = layer("etc/hostname", "x");
        byte[] config = config(base, top);
        byte[] archive = ArchiveWriter.write(List.of(new ArchiveWriter.SavedImage(config, List.of(base, top),
                List.of("busybox:latest", "127.0.0.1:5000/x:y"))));

        Map<String, byte[]> files = entries(archive);
        assertTrue(files.containsKey("oci-layout"));
        assertTrue(files.containsKey("blobs/sha256/" + Digest.of(config).hex()));
        JsonNode manifest = Json.read(files.get("manifest.json"), JsonNode.class);
        assertEquals("blobs/sha256/" + Digest.of(config).hex(), manifest.get(0).path("Config").asText());
        assertEquals("[\"busybox:latest\",\"127.0.0.1:5000/x:y\"]", manifest.get(0).path("RepoTags").toString());
        JsonNode repositories = Json.read(files.get("repositories"), JsonNode.class);
        assertEquals(Digest.of(top).hex(), repositories.path("busybox").path("latest").asText());
        JsonNode index = Json.read(files.get("index.json"), JsonNode.class);
        assertEquals("docker.io/library/busybox:latest",
                index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText());

        List<ArchivedImage> loaded = ArchiveReader.read(archive);
        assertEquals(1, loaded.size());
        assertArrayEquals(config, loaded.get(0).config());
        assertArrayEquals(top, loaded.get(0).layers().get(1));
        assertEquals(List.of("busybox:latest", "127.0.0.1:5000/x:y"), loaded.get(0).repoTags());
    }

    @Test
    void ociLayoutAloneIsRead() throws IOException {
        byte[] base = layer("bin/sh", "#!");
        byte[] archive = ArchiveWriter.write(List.of(new ArchiveWriter.SavedImage(config(base), List.of(base),
                List.of("app:1"))));
        Map<String, byte[]> files = new LinkedHashMap<>(entries(archive));
        files.remove("manifest.json");
        files.remove("repositories");
        files.remove("blobs/");
        files.remove("blobs/sha256/");
        Map<String, byte[]> dotted = new LinkedHashMap<>();
        files.forEach((k, v) -> dotted.put("./" + k, v));
        List<ArchivedImage> loaded = ArchiveReader.read(gzip(tar(dotted)));
        assertEquals(List.of("docker.io/library/app:1"), loaded.get(0).repoTags());
        assertArrayEquals(base, loaded.get(0).layers().get(0));
    }

    @Test
    void classicDockerArchiveWithLayerDirectories() throws IOException {
        byte[] base = layer("bin/sh", "#!");
        byte[] config = config(base);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("abc.json", config);
        files.put("0123/layer.tar", base);
        files.put("manifest.json", "[{\"Config\":\"abc.json\",\"RepoTags\":[\"old:1\"],\"Layers\":[\"0123/layer.tar\"]}]"
                .getBytes(StandardCharsets.UTF_8));
        ArchivedImage image = ArchiveReader.read(tar(files)).get(0);
        assertEquals(List.of("old:1"), image.repoTags());
        assertArrayEquals(base, image.layers().get(0));
    }

    @Test
    void garbageIsA400() throws IOException {
        assertEquals(400, assertThrows(ApiError.class, () -> ArchiveReader.read(tar(Map.of("x", new byte[]{1}))))
                .status());
        assertEquals(400, assertThrows(ApiError.class, () -> ArchiveReader.read(new byte[0])).status());
    }

    @Test
    void layerFilesAreDeterministicGzipWithThePlainDigestAsDiffId(@TempDir Path dir) throws IOException {
        byte[] plain = layer("a", "b");
        LayerFile one = LayerFile.write(new ByteArrayInputStream(plain), dir);
        LayerFile again = LayerFile.write(new ByteArrayInputStream(gzip(plain)), dir);
        assertEquals(Digest.of(plain).toString(), one.diffId());
        assertEquals(one.digest(), again.digest());
        assertEquals(Digest.of(Files.readAllBytes(one.gzip())).toString(), one.digest());
        assertArrayEquals(plain, Compression.plain(Files.readAllBytes(one.gzip())));
        one.delete();
        again.delete();
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aLayerThatIsNoTarIsA400AndLeavesNoFile(@TempDir Path dir) throws IOException {
        ApiError e = assertThrows(ApiError.class, () -> LayerFile.write(new ByteArrayInputStream(
                "not a tar at all, just words".repeat(40).getBytes(StandardCharsets.UTF_8)), dir));
        assertEquals(400, e.status());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
