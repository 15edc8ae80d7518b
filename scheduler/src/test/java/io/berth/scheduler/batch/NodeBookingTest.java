package io.berth.scheduler.batch;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.placement.Nodes;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.placement.Placer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Booking on one node's record: fits are added and listed as reserving, misfits refused, a replay not counted twice. */
class NodeBookingTest {
    private static final Placer PLACER = new Placer(TTL);

    private static PlacementRequest gib(String id, long gib) {
        return new PlacementRequest(id, new Capacity(0, gib * GIB, 1));
    }

    @Test
    void booksWhatFitsInOrderAndRefusesTheRest() {
        NodeRecord node = Nodes.node("n1", 3);
        NodeBooking.Booked booked = NodeBooking.book(node, List.of(gib("a", 2), gib("b", 2), gib("c", 1)), PLACER, NOW);
        assertEquals(List.of("a", "c"), booked.accepted());
        assertEquals(Map.of("b", "node n1: not enough memory (wants 2 GiB, 1 GiB free)"), booked.refused());
        assertEquals(new Capacity(0, 3 * GIB, 2), booked.node().allocated());
        assertEquals(List.of("a", "c"), booked.node().reserving());
    }

    @Test
    void aReplayedBookingIsAcceptedWithoutCountingItAgain() {
        NodeRecord once = NodeBooking.book(Nodes.node("n1", 3), List.of(gib("a", 2)), PLACER, NOW).node();
        NodeBooking.Booked again = NodeBooking.book(once, List.of(gib("a", 2)), PLACER, NOW);
        assertEquals(List.of("a"), again.accepted());
        assertEquals(once, again.node());
    }

    @Test
    void recordedContainersLeaveTheReservingList() {
        NodeRecord booked = NodeBooking.book(Nodes.node("n1", 3), List.of(gib("a", 1), gib("b", 1)), PLACER, NOW).node();
        NodeRecord after = NodeBooking.recorded(booked, Set.of("a"));
        assertEquals(List.of("b"), after.reserving());
        assertEquals(booked.allocated(), after.allocated());
    }
}
