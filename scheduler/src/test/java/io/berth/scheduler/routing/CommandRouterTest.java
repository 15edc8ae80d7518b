package io.berth.scheduler.routing;

import io.berth.events.Json;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.KillContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.placement.Placer;
import io.berth.scheduler.reservation.NodesMap;
import io.berth.scheduler.reservation.Planner;
import io.berth.scheduler.reservation.ReservationsMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandRouterTest {
    private static final String SOURCE = "/berth/scheduler/s1";
    private static final String ID = "a".repeat(64);
    private final ConcurrentMap<String, String> nodes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> containers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> reservations = new ConcurrentHashMap<>();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final Planner planner = new Planner(new Placer(TTL), new NodesMap(nodes), 
            new ReservationsMap(reservations), () -> NOW, 8);
    private final CommandRouter router = new CommandRouter(planner, containers, outbox, SOURCE);

    private static ContainerSpec spec(long gib) {
        return ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh")
                .resources(new Resources(gib * GIB, 0, 0, 0)).build();
    }

    private Envelope create(long gib) {
        containers.put(ID, Json.write(ContainerRecord.accepted(ID, "web", spec(gib), "{}", "2026-01-01T00:00:00Z")));
        return Envelope.of(new CreateContainer(ID, "web", spec(gib)), "/berth/gateway", null);
    }

    private ContainerRecord record() {
        return JsonCas.get(containers, ID, ContainerRecord.class).orElseThrow();
    }

    @Test
    void createPlacesReservesAnnouncesThenForwardsTheSameEnvelope() {
        nodes.put("n1", Json.write(node("n1", 8)));
        Envelope command = create(2);
        router.route(command);

        assertEquals("n1", record().nodeId());
        assertEquals(new Capacity(0, 2 * GIB, 1), JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated());
        assertEquals(2, outbox.sent.size());
        RecordingOutbox.Sent event = outbox.sent.get(0);
        assertEquals("container-events", event.topic());
        assertEquals(ID, event.key());
        assertEquals(new ContainerScheduled(ID, "n1"), event.envelope().data());
        assertEquals(record().name(), event.envelope().actor().name(), "the create event names its container");
        assertEquals(command.id(), event.envelope().correlationId());
        assertEquals(SOURCE, event.envelope().source().toString());
        RecordingOutbox.Sent forward = outbox.sent.get(1);
        assertEquals("node-commands", forward.topic());
        assertEquals("n1", forward.key());
        assertSame(command, forward.envelope());
    }

    @Test
    void aReplayedCreateReservesNothingMoreAndForwardsAgain() {
        nodes.put("n1", Json.write(node("n1", 8)));
        Envelope command = create(2);
        router.route(command);
        router.route(command);
        assertEquals(2 * GIB, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated().memoryBytes());
        assertEquals(4, outbox.sent.size());
        assertEquals("n1", outbox.sent.get(3).key());
        assertSame(command, outbox.sent.get(3).envelope());
    }

    @Test
    void anUnplaceableCreateSaysWhy() {
        nodes.put("n1", Json.write(node("n1", 8)));
        Envelope command = create(64);
        router.route(command);
        assertEquals(1, outbox.sent.size());
        Envelope event = outbox.sent.get(0).envelope();
        assertEquals(new ContainerUnschedulable(ID,
                "unschedulable: no node can take the container (1 node: 1 not enough memory): "
                + "node n1: not enough memory (wants 64 GiB, 8 GiB free)"), event.data());
        assertEquals(command.id(), event.correlationId());
        assertEquals(null, record().nodeId());
        assertTrue(reservations.isEmpty());
    }

    @Test
    void aCreateWhoseRecordIsGoneIsSkipped() {
        nodes.put("n1", Json.write(node("n1", 8)));
        Envelope command = create(1);
        containers.clear();
        router.route(command);
        assertTrue(outbox.sent.isEmpty());
        assertEquals(Capacity.ZERO, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated());
    }

    @Test
    void otherCommandsGoToTheNodeThatHoldsTheContainer() {
        nodes.put("n1", Json.write(node("n1", 8)));
        nodes.put("n2", Json.write(node("n2", 8)));
        router.route(create(1));
        String holder = record().nodeId();
        outbox.sent.clear();
        for (var data : List.of(new StartContainer(ID), new StopContainer(ID, -1, ""), new KillContainer(ID, "KILL"),
                new RemoveContainer(ID, true))) {
            Envelope command = Envelope.of(data, "/berth/gateway", null);
            router.route(command);
            RecordingOutbox.Sent last = outbox.sent.get(outbox.sent.size() - 1);
            assertEquals("node-commands", last.topic());
            assertEquals(holder, last.key());
            assertSame(command, last.envelope());
        }
        assertEquals(4, outbox.sent.size());
    }

    @Test
    void commandsForUnknownOrUnplacedContainersFailWith404() {
        Envelope start = Envelope.of(new StartContainer(ID), "/berth/gateway", null);
        router.route(start);
        assertEquals(new CommandFailed(ID, null, "start", 404, "No such container: " + ID), outbox.sent.get(0).envelope().data());
        assertEquals(start.id(), outbox.sent.get(0).envelope().correlationId());

        create(1);   // accepted but not yet placed: no node to send it to
        router.route(Envelope.of(new RemoveContainer(ID, false), "/berth/gateway", null));
        assertEquals(new CommandFailed(ID, null, "remove", 404, "No such container: " + ID), outbox.sent.get(1).envelope().data());
    }

    @Test
    void removalReleasesTheReservationOnce() {
        nodes.put("n1", Json.write(node("n1", 8)));
        router.route(create(3));
        ReleaseOnRemoved release = new ReleaseOnRemoved(planner);
        Envelope removed = Envelope.of(new ContainerRemoved(ID, "n1"), "/berth/agent/n1", null);
        release.handle(removed);
        release.handle(removed);
        assertEquals(Capacity.ZERO, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated());
        assertTrue(reservations.isEmpty());
    }

    @Test
    void anUpdateResizesTheReservationOrIsRefusedWithTheNodesReason() {
        nodes.put("n1", Json.write(node("n1", 8)));
        router.route(create(2));
        outbox.sent.clear();

        Envelope grow = Envelope.of(new io.berth.events.command.UpdateContainer(ID,
                new Resources(5 * GIB, 0, 0, 0), "no", "{}"), "/berth/gateway", null);
        router.route(grow);
        assertEquals(5 * GIB, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated().memoryBytes());
        assertEquals("n1", outbox.sent.get(0).key());
        assertSame(grow, outbox.sent.get(0).envelope());

        outbox.sent.clear();
        Envelope tooBig = Envelope.of(new io.berth.events.command.UpdateContainer(ID,
                new Resources(16 * GIB, 0, 0, 0), "no", "{}"), "/berth/gateway", null);
        router.route(tooBig);
        assertEquals(1, outbox.sent.size(), "refused: nothing forwarded");
        assertEquals(new io.berth.events.event.CommandFailed(ID, "n1", "update", 409, "Cannot update container " + ID
                + ": node n1: not enough memory (wants 16 GiB, 8 GiB free)"), outbox.sent.get(0).envelope().data());
        assertEquals(tooBig.id(), outbox.sent.get(0).envelope().correlationId());
        assertEquals(5 * GIB, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated().memoryBytes());
    }

    @Test
    void anUpdateTheAgentFailedSizesTheReservationBackToTheRecord() {
        nodes.put("n1", Json.write(node("n1", 8)));
        router.route(create(2));
        router.route(Envelope.of(new io.berth.events.command.UpdateContainer(ID, new Resources(5 * GIB, 0, 0, 0),
                "no", "{}"), "/berth/gateway", null));

        new ResizeOnFailedUpdate(planner, containers).handle(Envelope.of(new io.berth.events.event.CommandFailed(ID,
                "n1", "update", 500, "Cannot update container: EBUSY"), "/berth/node-agent/n1", null));

        assertEquals(2 * GIB, JsonCas.get(nodes, "n1", NodeRecord.class).orElseThrow().allocated().memoryBytes());
    }
}
