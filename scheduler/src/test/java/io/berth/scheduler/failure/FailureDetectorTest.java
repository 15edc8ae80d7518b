package io.berth.scheduler.failure;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureDetectorTest {
    private static final long GRACE = 10_000;
    private static final long NOW = 1_000_000;

    private static NodeRecord node(String id, long lastSeen, String state) {
        return new NodeRecord(id, id + ":2386", Capacity.ZERO, Capacity.ZERO, Map.of(), lastSeen,
                NodeState.parse(state), 1, "6.1");
    }

    @Test
    void aNodeSilentLongerThanTheGraceIsDown() {
        List<NodeRecord> nodes = List.of(node("fresh", NOW - 500, "ready"), node("edge", NOW - GRACE, "ready"),
                node("late", NOW - GRACE - 1, "ready"), node("gone", 0, "ready"));
        assertEquals(List.of("late", "gone"), FailureDetector.down(nodes, NOW, GRACE, 0));
    }

    @Test
    void cordonedAndDrainingNodesFailToo() {
        List<NodeRecord> nodes = List.of(node("c", NOW - 20_000, "cordoned"), node("d", NOW - 20_000, "draining"));
        assertEquals(List.of("c", "d"), FailureDetector.down(nodes, NOW, GRACE, 0));
    }

    @Test
    void aNodeAlreadyDownIsNotReportedAgain() {
        assertEquals(List.of(), FailureDetector.down(List.of(node("n", 0, "down")), NOW, GRACE, 0));
    }

    @Test
    void noNodesNoneDown() {
        assertEquals(List.of(), FailureDetector.down(List.of(), NOW, GRACE, 0));
    }

    @Test
    void silenceBeforeTheWatchBeganDoesNotCount() {
        List<NodeRecord> nodes = List.of(node("old", 0, "ready"), node("n", NOW - GRACE - 5_000, "ready"));
        assertEquals(List.of(), FailureDetector.down(nodes, NOW, GRACE, NOW - GRACE));
        assertEquals(List.of("old", "n"), FailureDetector.down(nodes, NOW, GRACE, NOW - GRACE - 1));
    }
}
