package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportChangesTest {

    private static ObjectNode apply(String... changes) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        ImportChanges.apply(List.of(changes), config);
        return config;
    }

    @Test
    void cmdInJsonAndShellForm() {
        assertEquals("[\"/bin/busybox\",\"sh\"]", apply("CMD [\"/bin/busybox\",\"sh\"]").get("Cmd").toString());
        assertEquals("[\"/bin/sh\",\"-c\",\"echo hi\"]", apply("CMD echo hi").get("Cmd").toString());
        assertEquals("[\"/bin/sh\",\"-c\",\"run\"]", apply("entrypoint run").get("Entrypoint").toString());
    }

    @Test
    void envLabelsPortsUserWorkdir() {
        ObjectNode c = apply("ENV A=1 B=\"two words\"", "ENV A=3", "ENV LEGACY some value", "LABEL berth.test=x",
                "EXPOSE 80 53/udp", "USER 1000", "WORKDIR /srv");
        assertEquals("[\"A=3\",\"B=two words\",\"LEGACY=some value\"]", c.get("Env").toString());
        assertEquals("x", c.path("Labels").path("berth.test").asText());
        assertTrue(c.path("ExposedPorts").has("80/tcp"));
        assertTrue(c.path("ExposedPorts").has("53/udp"));
        assertEquals("1000", c.get("User").asText());
        assertEquals("/srv", c.get("WorkingDir").asText());
    }

    @Test
    void instructionsOutsideTheListAre400s() {
        ApiError e = assertThrows(ApiError.class, () -> apply("RUN rm -rf /"));
        assertEquals(400, e.status());
        assertEquals("run is not a valid change command", e.getMessage());
        assertThrows(ApiError.class, () -> apply("ENV"));
    }

    @Test
    void importConfigHasOneLayerAndItsComment() {
        byte[] config = ImportConfig.of("sha256:" + "a".repeat(64), Instant.parse("2026-01-02T03:04:05Z"),
                List.of("CMD [\"sh\"]"), "Imported from -");
        JsonNode node = Json.read(config, JsonNode.class);
        assertEquals("sha256:" + "a".repeat(64), node.path("rootfs").path("diff_ids").get(0).asText());
        assertEquals("Imported from -", node.path("history").get(0).path("comment").asText());
        assertEquals("[\"sh\"]", node.path("config").path("Cmd").toString());
        assertEquals("amd64", node.path("architecture").asText());
    }
}
