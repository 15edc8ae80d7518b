package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommitConfigTest {
    private static final byte[] BASE = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:aaa\"]},"
            + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static ObjectNode containerConfig() {
        return (ObjectNode) Json.read("{\"Cmd\":[\"sleep\",\"300\"],\"Env\":[\"A=1\"],\"Hostname\":\"abc\"}",
                JsonNode.class);
    }

    @Test
    void theContainersConfigWithChangesOnTheBaseLayersPlusOne() {
        JsonNode image = Json.read(CommitConfig.of(BASE, containerConfig(), List.of("ENV B=2", "CMD [\"true\"]"),
                "sha256:bbb", NOW, "sh -c sleep 300", "c0ffee", "Ann", "tuned"), JsonNode.class);
        assertEquals("[\"true\"]", image.path("config").path("Cmd").toString());
        assertEquals("[\"A=1\",\"B=2\"]", image.path("config").path("Env").toString());
        assertEquals("[\"sha256:aaa\",\"sha256:bbb\"]", image.path("rootfs").path("diff_ids").toString());
        assertEquals(2, image.path("history").size());
        JsonNode step = image.path("history").get(1);
        assertEquals("sh -c sleep 300", step.path("created_by").asText());
        assertEquals("tuned", step.path("comment").asText());
        assertEquals("Ann", image.path("author").asText());
        assertEquals("c0ffee", image.path("container").asText());
        assertEquals("2026-12-02T10:00:00Z", image.path("created").asText());
        assertEquals("amd64", image.path("architecture").asText(), "the base's platform stays");
    }

    @Test
    void noAuthorNoCommentLeavesThemOut() {
        JsonNode image = Json.read(CommitConfig.of(BASE, containerConfig(), List.of(), "sha256:bbb", NOW, "sh",
                "c0ffee", "", ""), JsonNode.class);
        assertFalse(image.has("author"));
        assertFalse(image.path("history").get(1).has("comment"));
        assertEquals("[\"sleep\",\"300\"]", image.path("config").path("Cmd").toString());
    }

    @Test
    void theContainerConfigGivenIsNotChanged() {
        ObjectNode config = containerConfig();
        CommitConfig.of(BASE, config, List.of("ENV B=2"), "sha256:bbb", NOW, "sh", "c", "", "");
        assertEquals("[\"A=1\"]", config.path("Env").toString());
    }

    @Test
    void aChangeOutsideTheListIsRefused() {
        assertThrows(ApiError.class, () -> CommitConfig.of(BASE, containerConfig(), List.of("RUN true"),
                "sha256:bbb", NOW, "sh", "c", "", ""));
    }
}
