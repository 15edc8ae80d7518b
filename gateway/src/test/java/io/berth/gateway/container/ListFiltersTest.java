package io.berth.gateway.container;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListFiltersTest {
    private final ContainerRecord web = record("ab".repeat(32), "web", Map.of("app", "web", "tier", "front"));

    @Test
    void mapAndListFormsAreTheSame() {
        ListFilters map = ListFilters.parse("{\"label\":{\"app=web\":true},\"status\":{\"created\":true}}");
        ListFilters list = ListFilters.parse("{\"label\":[\"app=web\"],\"status\":[\"created\"]}");
        assertEquals(Set.of("app=web"), map.get("label"));
        assertEquals(map.get("label"), list.get("label"));
        assertTrue(map.matches(web));
        assertTrue(list.matches(web));
    }

    @Test
    void ancestorNamesTheImageInAnySpelling() {
        assertTrue(ListFilters.sameImage("busybox:latest", "busybox"));
        assertTrue(ListFilters.sameImage("docker.io/library/busybox", "busybox:latest"));
        assertFalse(ListFilters.sameImage("busybox:1.36", "busybox"));
        assertFalse(ListFilters.sameImage("localhost:5000/busybox", "busybox"));
        assertTrue(ListFilters.sameImage("localhost:5000/busybox", "localhost:5000/busybox:latest"));
    }

    @Test
    void everyLabelMustHold() {
        assertTrue(ListFilters.parse("{\"label\":[\"app\",\"tier=front\"]}").matches(web));
        assertFalse(ListFilters.parse("{\"label\":[\"app=web\",\"tier=back\"]}").matches(web));
        assertFalse(ListFilters.parse("{\"label\":[\"other\"]}").matches(web));
    }

    @Test
    void idNameAndStatus() {
        assertTrue(ListFilters.parse("{\"id\":[\"abab\"]}").matches(web));
        assertFalse(ListFilters.parse("{\"id\":[\"cd\"]}").matches(web));
        assertTrue(ListFilters.parse("{\"name\":[\"/web\"]}").matches(web));
        assertTrue(ListFilters.parse("{\"name\":[\"^we\"]}").matches(web));
        assertFalse(ListFilters.parse("{\"name\":[\"db\"]}").matches(web));
        assertFalse(ListFilters.parse("{\"status\":[\"running\",\"exited\"]}").matches(web));
        assertTrue(ListFilters.parse("{\"status\":[\"running\",\"exited\"]}").mentionsStopped());
    }

    @Test
    void badFiltersAre400() {
        assertEquals(400, assertThrows(ApiError.class, () -> ListFilters.parse("{\"bogus\":[\"x\"]}")).status());
        assertThrows(ApiError.class, () -> ListFilters.parse("{\"status\":[\"sleeping\"]}"));
        assertThrows(ApiError.class, () -> ListFilters.parse("not json"));
        assertTrue(ListFilters.parse("").matches(web));
    }

    static ContainerRecord record(String id, String name, Map<String, String> labels) {
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:" + "f".repeat(64))
                .repository("library/busybox").manifestDigest("sha256:m").hostname(id.substring(0, 12))
                .labels(labels).build();
        return ContainerRecord.accepted(id, name, spec, "{}", "2025-01-01T11:00:00Z");
    }
}
