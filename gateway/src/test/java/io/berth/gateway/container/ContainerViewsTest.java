package io.berth.gateway.container;

import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.gateway.http.DockerJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerViewsTest {
    private static final String ID = "fe".repeat(32);
    private final ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:cfg")
            .repository("library/busybox").manifestDigest("sha256:m").entrypoint(List.of("/bin/sh", "-c"))
            .cmd("echo hi").env(List.of("A=1")).hostname("fefefefefefe").labels(Map.of("k", "v")).build();
    private final ContainerRecord created = ContainerRecord.accepted(ID, "job", spec,
            "{\"Image\":\"busybox\",\"Cmd\":[\"echo hi\"],\"AttachStdout\":true,\"HostConfig\":{\"AutoRemove\":true}}",
            "2025-01-01T11:00:00.5Z");

    @Test
    void listItem() {
        Map<String, Object> item = ContainerViews.listItem(created, Instant.parse("2025-01-01T12:00:00Z"));
        assertEquals(ID, item.get("Id"));
        assertEquals(List.of("/job"), item.get("Names"));
        assertEquals("busybox", item.get("Image"));
        assertEquals("sha256:cfg", item.get("ImageID"));
        assertEquals("/bin/sh -c 'echo hi'", item.get("Command"), "dockerd quotes an argument with a space");
        assertEquals(Instant.parse("2025-01-01T11:00:00Z").getEpochSecond(), item.get("Created"));
        assertEquals("created", item.get("State"));
        assertEquals("Created", item.get("Status"));
    }

    @Test
    void inspectOfCreatedContainer() {
        Map<String, Object> view = ContainerViews.inspect(created, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) view.get("State");
        assertEquals("0001-01-01T00:00:00Z", state.get("StartedAt"));
        assertEquals(false, state.get("Running"));
        assertEquals("/bin/sh", view.get("Path"));
        assertEquals(List.of("-c", "echo hi"), view.get("Args"));
        assertEquals("/job", view.get("Name"));
        assertEquals("sha256:cfg", view.get("Image"));
        String json = DockerJson.write(view);
        assertTrue(json.contains("\"Hostname\":\"fefefefefefe\""), json);
        assertTrue(json.contains("\"HostConfig\":{\"AutoRemove\":true,\"LogConfig\":{\"Type\":\"json-file\""), json);
        assertTrue(json.contains("\"RestartPolicy\":{\"Name\":\"no\""), json);
        assertTrue(json.contains("\"Env\":[\"A=1\"]"), json);
        assertTrue(json.contains("\"AttachStdout\":true"), json);
        assertTrue(json.contains("\"Node\":null"), json);
    }

    @Test
    void inspectShowsTheNode() {
        NodeRecord node = new NodeRecord("n1", "10.1.1.1:7070", Capacity.ZERO, Capacity.ZERO, Map.of("zone", "a"),
                0, NodeState.READY, 2, "6.1");
        ContainerRecord placed = created.withNode("n1").running(77, "2025-01-01T11:00:01Z");
        Map<String, Object> view = ContainerViews.inspect(placed, node);
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) view.get("Node");
        assertEquals("n1", n.get("ID"));
        assertEquals("10.1.1.1:7070", n.get("Addr"));
        assertEquals("10.1.1.1", n.get("IP"));
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) view.get("State");
        assertEquals(77L, state.get("Pid"));
        assertEquals(true, state.get("Running"));
    }
}
