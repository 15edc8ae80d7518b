package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.LayerRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ImageHistoryTest {
    private static final String ID = "sha256:" + "c".repeat(64);

    @Test
    void newestFirstWithLayerSizesAndEmptySteps() {
        JsonNode config = Json.read("{\"created\":\"2026-01-01T00:00:10Z\",\"history\":["
                + "{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs.tar /\"},"
                + "{\"created\":\"2026-01-01T00:00:05Z\",\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true},"
                + "{\"created\":\"2026-01-01T00:00:10Z\",\"created_by\":\"RUN touch /x\",\"comment\":\"c\"}]}",
                JsonNode.class);
        List<LayerRef> layers = List.of(new LayerRef("sha256:" + "1".repeat(64), "t", 1000),
                new LayerRef("sha256:" + "2".repeat(64), "t", 20));
        List<Map<String, Object>> steps = ImageHistory.of(config, ID, List.of("x:1"), layers);
        assertEquals(3, steps.size());
        assertEquals(ID, steps.get(0).get("Id"));
        assertEquals(List.of("x:1"), steps.get(0).get("Tags"));
        assertEquals("RUN touch /x", steps.get(0).get("CreatedBy"));
        assertEquals(20L, steps.get(0).get("Size"));
        assertEquals("c", steps.get(0).get("Comment"));
        assertEquals(0L, steps.get(1).get("Size"));
        assertEquals("<missing>", steps.get(2).get("Id"));
        assertNull(steps.get(2).get("Tags"));
        assertEquals(1000L, steps.get(2).get("Size"));
        assertEquals(1767225600L, steps.get(2).get("Created"));
    }

    @Test
    void aConfigWithoutHistoryStillShowsEachLayer() {
        JsonNode config = Json.read("{\"created\":\"2026-01-01T00:00:00Z\"}", JsonNode.class);
        List<Map<String, Object>> steps = ImageHistory.of(config, ID, List.of(),
                List.of(new LayerRef("sha256:" + "1".repeat(64), "t", 5)));
        assertEquals(1, steps.size());
        assertEquals(5L, steps.get(0).get("Size"));
        assertNull(steps.get(0).get("Tags"));
    }

    @Test
    void progressTextAsDockerdWritesIt() {
        assertEquals("1.05MB", PullProgress.humanSize(1_050_000));
        assertEquals("512B", PullProgress.humanSize(512));
        assertEquals("[=========================>                        ]  1MB/2MB",
                PullProgress.bar(1_000_000, 2_000_000));
        assertEquals("a1b2c3d4e5f6", PullProgress.layerId("sha256:a1b2c3d4e5f6" + "0".repeat(52)));
        assertEquals("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"progress\":",
                io.berth.gateway.http.DockerJson.write(PullProgress.downloading("sha256:" + "a".repeat(64), 1, 2))
                        .substring(0, 76));
    }

    @Test
    void referenceFilterGlobsNameAndTag() {
        ImageRef ref = ImageRef.parse("berth-it/bulk-3:v1");
        assertEquals(true, ImageListFilters.referenceMatches("berth-it/*", ref));
        assertEquals(true, ImageListFilters.referenceMatches("berth-it/bulk-?:v1", ref));
        assertEquals(false, ImageListFilters.referenceMatches("berth-it/*:v2", ref));
        assertEquals(false, ImageListFilters.referenceMatches("*", ref));
    }
}
