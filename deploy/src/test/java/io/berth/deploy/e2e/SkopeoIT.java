package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * skopeo, a registry client that is not Docker, pushes an OCI layout into Berth's registry and copies it back
 * out byte for byte; then {@code docker run} of the pushed name runs it through the gateway and a node agent.
 */
@E2e
class SkopeoIT {
    private static Skopeo skopeo;
    private static DockerCli docker;
    private static String registry;
    private static Path scratch;

    @BeforeAll
    static void platform() throws IOException {
        Skopeo.requireInstalled();
        Platform platform = Platform.get();
        registry = platform.registryUrl().substring("http://".length());
        scratch = Files.createTempDirectory("berth-skopeo-it-");
        skopeo = new Skopeo(scratch);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (scratch != null) {
            TempTree.delete(scratch);
        }
    }

    @Test
    void anOciLayoutGoesInAndComesBackByteForByteAndRuns() throws IOException {
        String hello = "pushed by skopeo " + UUID.randomUUID();
        Path source = scratch.resolve("source");
        String manifestDigest = OciLayoutWriter.write(source, "v1", hello);
        String pushed = registry + "/e2e/skopeo/hello:v1";

        DockerCli.Result push = skopeo.run("copy", "--dest-tls-verify=false", "oci:" + source + ":v1", "docker://" + pushed);
        assertTrue(push.ok(), push.toString());

        DockerCli.Result raw = skopeo.run("inspect", "--tls-verify=false", "--raw", "docker://" + pushed);
        assertTrue(raw.ok(), raw.toString());
        assertEquals(manifestDigest, OciLayoutWriter.digest(raw.stdout().getBytes(StandardCharsets.UTF_8)),
                "the registry serves the manifest exactly as pushed");

        Path back = scratch.resolve("back");
        DockerCli.Result pull = skopeo.run("copy", "--src-tls-verify=false", "docker://" + pushed, "oci:" + back + ":v1");
        assertTrue(pull.ok(), pull.toString());
        JsonNode index = Json.MAPPER.readTree(back.resolve("index.json").toFile());
        assertEquals(manifestDigest, index.path("manifests").path(0).path("digest").asText());
        try (var blobs = Files.list(source.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Path copy = back.resolve("blobs/sha256").resolve(blob.getFileName());
                assertTrue(Files.isRegularFile(copy), "copied back: " + blob.getFileName());
                assertArrayEquals(Files.readAllBytes(blob), Files.readAllBytes(copy), blob.getFileName().toString());
            }
        }

        DockerCli.Result tags = skopeo.run("list-tags", "--tls-verify=false", "docker://" + registry + "/e2e/skopeo/hello");
        assertTrue(tags.ok(), tags.toString());
        assertEquals(List.of("v1"), strings(Json.MAPPER.readTree(tags.stdout()).path("Tags")));

        DockerCli.Result run = docker.run("run", "--rm", pushed);
        assertTrue(run.ok(), run.toString());
        assertEquals(hello, run.stdout().trim());
    }

    /** skopeo recompresses the layer as zstd on the way in; the node agent unpacks {@code tar+zstd}. */
    @Test
    void aZstdLayerImageRuns() throws IOException {
        String hello = "zstd layer " + UUID.randomUUID();
        Path source = scratch.resolve("zstd-source");
        OciLayoutWriter.write(source, "v1", hello);
        String pushed = registry + "/e2e/skopeo/zstd:v1";
        DockerCli.Result push = skopeo.run("copy", "--dest-tls-verify=false", "--dest-compress-format", "zstd",
                "oci:" + source + ":v1", "docker://" + pushed);
        assertTrue(push.ok(), push.toString());
        DockerCli.Result raw = skopeo.run("inspect", "--tls-verify=false", "--raw", "docker://" + pushed);
        assertTrue(raw.ok(), raw.toString());
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd",
                Json.MAPPER.readTree(raw.stdout()).path("layers").path(0).path("mediaType").asText(), raw.stdout());

        DockerCli.Result run = docker.run("run", "--rm", pushed);
        assertTrue(run.ok(), run.toString());
        assertEquals(hello, run.stdout().trim());
    }

    /** A multi-platform index goes in whole ({@code --all}); docker run picks its linux/amd64 image. */
    @Test
    void aMultiPlatformIndexRunsItsAmd64Image() throws IOException {
        String amd64 = "amd64 " + UUID.randomUUID();
        Path source = scratch.resolve("multi-source");
        java.util.Map<String, String> images = new java.util.LinkedHashMap<>();
        images.put("arm64", "arm64 " + UUID.randomUUID());
        images.put("amd64", amd64);
        String indexDigest = OciLayoutWriter.writeMultiPlatform(source, "v1", images);
        String pushed = registry + "/e2e/skopeo/multi:v1";
        DockerCli.Result push = skopeo.run("copy", "--all", "--dest-tls-verify=false", "oci:" + source + ":v1",
                "docker://" + pushed);
        assertTrue(push.ok(), push.toString());
        DockerCli.Result raw = skopeo.run("inspect", "--tls-verify=false", "--raw", "docker://" + pushed);
        assertTrue(raw.ok(), raw.toString());
        assertEquals(indexDigest, OciLayoutWriter.digest(raw.stdout().getBytes(StandardCharsets.UTF_8)));

        DockerCli.Result run = docker.run("run", "--rm", pushed);
        assertTrue(run.ok(), run.toString());
        assertEquals(amd64, run.stdout().trim());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
