package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.Descriptor;
import io.berth.events.spec.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes OCI layout directories by hand (the format skopeo's {@code oci:} transport reads). Each image is one
 * gzip layer with the host's static busybox as {@code /bin/busybox} plus {@code /hello.txt}, a linux config
 * whose command prints that file, and its manifest; then {@code index.json} and {@code oci-layout}.
 */
final class OciLayoutWriter {
    private OciLayoutWriter() {
    }

    /** Writes the layout; returns the manifest's digest ({@code sha256:…}). */
    static String write(Path layout, String tag, String hello) throws IOException {
        ObjectNode manifest = image(layout, hello, "amd64");
        writeIndexJson(layout, tag, manifest);
        return manifest.path("digest").asText();
    }

    /**
     * Writes a multi-platform image: one image per architecture (each printing its own text), an OCI image
     * index over them with their platforms, tagged {@code tag}; returns the index's digest.
     */
    static String writeMultiPlatform(Path layout, String tag, java.util.Map<String, String> helloByArchitecture)
            throws IOException {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        var manifests = index.putArray("manifests");
        for (var entry : helloByArchitecture.entrySet()) {
            ObjectNode descriptor = image(layout, entry.getValue(), entry.getKey());
            ObjectNode platform = descriptor.putObject("platform");
            platform.put("architecture", entry.getKey());
            platform.put("os", "linux");
            manifests.add(descriptor);
        }
        byte[] indexBytes = Json.bytes(index);
        ObjectNode top = new Descriptor("application/vnd.oci.image.index.v1+json", blob(layout, indexBytes),
                indexBytes.length).json();
        writeIndexJson(layout, tag, top);
        return top.path("digest").asText();
    }

    // One image: layer, config, manifest blobs; returns the manifest's descriptor.
    private static ObjectNode image(Path layout, String hello, String architecture) throws IOException {
        Files.createDirectories(layout.resolve("blobs/sha256"));
        byte[] tar = tar(hello);
        byte[] layer = gzip(tar);
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", architecture);
        config.put("os", "linux");
        ObjectNode run = config.putObject("config");
        run.putArray("Env").add("PATH=/bin");
        run.putArray("Cmd").add("/bin/busybox").add("cat").add("/hello.txt");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(digest(tar));
        byte[] configBytes = Json.bytes(config);

        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", new Descriptor("application/vnd.oci.image.config.v1+json", blob(layout, configBytes),
                configBytes.length).json());
        manifest.putArray("layers").add(new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
                blob(layout, layer), layer.length).json());
        byte[] manifestBytes = Json.bytes(manifest);
        return new Descriptor("application/vnd.oci.image.manifest.v1+json", blob(layout, manifestBytes),
                manifestBytes.length).json();
    }

    private static void writeIndexJson(Path layout, String tag, ObjectNode descriptor) throws IOException {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode entry = descriptor.deepCopy();
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        index.putArray("manifests").add(entry);
        Files.write(layout.resolve("index.json"), Json.bytes(index));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static byte[] tar(String hello) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry bin = new TarArchiveEntry("bin/");
            bin.setMode(040755);
            tar.putArchiveEntry(bin);
            tar.closeArchiveEntry();
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            file(tar, "bin/busybox", 0755, busybox);
            TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            sh.setLinkName("busybox");
            tar.putArchiveEntry(sh);
            tar.closeArchiveEntry();
            file(tar, "hello.txt", 0644, hello.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }

    private static String blob(Path layout, byte[] content) throws IOException {
        String digest = digest(content);
        Files.write(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())), content);
        return digest;
    }

    static String digest(byte[] content) {
        return Digest.of(content).toString();
    }
}
