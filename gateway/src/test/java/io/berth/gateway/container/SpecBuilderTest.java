package io.berth.gateway.container;

import io.berth.events.spec.ConsoleSize;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.LayerRef;
import io.berth.events.spec.Resources;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.image.ImageConfig;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ResolvedImage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecBuilderTest {
    private static final String ID = "0123456789ab".repeat(5) + "cdef";
    private static final ResolvedImage IMAGE = new ResolvedImage(ImageRef.parse("nginx"), "sha256:man", "sha256:cfg",
            List.of(new LayerRef("sha256:l1", "application/vnd.oci.image.layer.v1.tar+gzip", 10)),
            new ImageConfig(List.of("PATH=/bin", "MODE=prod"), List.of("nginx", "-g", "daemon off;"),
                    List.of("/entry.sh"), "/srv", "www", Map.of("maintainer", "x"), null),
            null, "linux", "amd64", null);

    private static CreateRequest body(String json) {
        return CreateRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFixedAddressIsKeptOnAUserNetworkAndRefusedElsewhereInDockerdsWords() {
        ContainerSpec spec = SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"HostConfig\":{\"NetworkMode\":\"n1\"},"
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"n1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.77.0.50\"}}}}}"), IMAGE);
        assertEquals("10.77.0.50", spec.network().ipv4Address());
        for (String mode : List.of("default", "bridge", "host", "none")) {
            io.berth.gateway.http.ApiError e = org.junit.jupiter.api.Assertions.assertThrows(io.berth.gateway.http.ApiError.class,
                    () -> SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"HostConfig\":{\"NetworkMode\":\"" + mode
                            + "\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"" + mode
                            + "\":{\"IPAMConfig\":{\"IPv4Address\":\"10.77.0.50\"}}}}}"), IMAGE), mode);
            assertEquals("user specified IP address is supported on user defined networks only", e.getMessage(), mode);
        }
    }

    @Test
    void imageDefaultsFillTheGaps() {
        ContainerSpec spec = SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"Cmd\":null,\"Env\":null}"), IMAGE);
        assertEquals(List.of("/entry.sh"), spec.entrypoint());
        assertEquals(List.of("nginx", "-g", "daemon off;"), spec.cmd());
        assertEquals(List.of("PATH=/bin", "MODE=prod"), spec.env());
        assertEquals("/srv", spec.workingDir());
        assertEquals("www", spec.user());
        assertEquals(ID.substring(0, 12), spec.hostname());
        assertEquals("sha256:cfg", spec.imageId());
        assertEquals("library/nginx", spec.repository());
        assertEquals("sha256:man", spec.manifestDigest());
        assertEquals(1, spec.layers().size());
        assertEquals("no", spec.restartPolicy());
    }

    @Test
    void bodyWinsAndEntrypointDropsImageCmd() {
        ContainerSpec spec = SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"Entrypoint\":\"sh\",\"Env\":"
                + "[\"MODE=dev\",\"NEW=1\",\"PATH\"],\"Hostname\":\"h1\",\"Labels\":{\"a\":\"b\"},\"Tty\":true,"
                + "\"HostConfig\":{\"Memory\":67108864,\"NanoCpus\":500000000,\"PidsLimit\":100,\"CpuShares\":512,"
                + "\"RestartPolicy\":{\"Name\":\"always\"}}}"), IMAGE);
        assertEquals(List.of("sh"), spec.entrypoint());
        assertEquals(List.of(), spec.cmd());
        assertEquals(List.of("MODE=dev", "NEW=1"), spec.env());
        assertEquals("h1", spec.hostname());
        assertEquals(Map.of("a", "b", "maintainer", "x"), spec.labels());
        assertTrue(spec.tty());
        assertEquals(new Resources(67108864, 500000000, 100, 512), spec.resources());
        assertEquals("always", spec.restartPolicy());
    }

    @Test
    void cmdAlongsideEntrypointIsKept() {
        ContainerSpec spec = SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"Entrypoint\":[\"sh\",\"-c\"],"
                + "\"Cmd\":[\"echo hi\"]}"), IMAGE);
        assertEquals(List.of("sh", "-c", "echo hi"), spec.argv());
    }

    @Test
    void consoleSizeIsKeptOnlyWhenTheClientHasATerminal() {
        ContainerSpec sized = SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"Tty\":true,"
                + "\"HostConfig\":{\"ConsoleSize\":[33,101]}}"), IMAGE);
        assertEquals(new ConsoleSize(33, 101), sized.consoleSize());
        assertNull(SpecBuilder.build(ID, body("{\"Image\":\"nginx\",\"HostConfig\":{\"ConsoleSize\":[0,0]}}"),
                IMAGE).consoleSize(), "[0,0] is what a client off a terminal sends");
        assertNull(SpecBuilder.build(ID, body("{\"Image\":\"nginx\"}"), IMAGE).consoleSize());
        for (String bad : List.of("[33]", "[\"a\",1]", "[-1,80]", "[1.5,80]", "{}", "[70000,80]")) {
            ApiError e = assertThrows(ApiError.class, () -> SpecBuilder.build(ID,
                    body("{\"Image\":\"nginx\",\"HostConfig\":{\"ConsoleSize\":" + bad + "}}"), IMAGE), bad);
            assertEquals(400, e.status(), bad);
        }
    }

    @Test
    void noCommandAtAllIs400() {
        ResolvedImage bare = new ResolvedImage(IMAGE.ref(), "sha256:m", "sha256:c", List.of(), ImageConfig.EMPTY,
                null, "linux", "amd64", null);
        ApiError e = assertThrows(ApiError.class, () -> SpecBuilder.build(ID, body("{\"Image\":\"x\"}"), bare));
        assertEquals("No command specified", e.getMessage());
    }

    @Test
    void bodyTypingFollowsDocker() {
        assertEquals(400, assertThrows(ApiError.class, () -> body("{\"Image\":")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> body("")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> body("[1]")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> body("{\"Image\":\"x\",\"Env\":\"A=1\"}")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> body("{\"Image\":\"x\",\"Tty\":\"yes\"}")).status());
        assertEquals(400, assertThrows(ApiError.class,
                () -> body("{\"Image\":\"x\",\"HostConfig\":{\"Memory\":\"1g\"}}")).status());
        assertEquals(400, assertThrows(ApiError.class, () -> body("{\"Cmd\":[\"sh\"]}")).status());
        CreateRequest nulls = body("{\"Image\":\"x\",\"Cmd\":null,\"Entrypoint\":null,\"HostConfig\":null,"
                + "\"Labels\":null,\"Unknown\":{\"a\":1}}");
        assertNull(nulls.cmd());
        assertNull(nulls.entrypoint());
        assertEquals(0, nulls.memory());
    }
}
