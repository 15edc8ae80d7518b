package io.berth.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.NodePaths;
import io.berth.events.Json;
import io.berth.events.Message;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerUpdated;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** update through {@link Commands} on the fake runtime: cgroup first, then the record, then the fact. */
class UpdateTest {
    static final String ID = "0123456789abcdef".repeat(4);
    static final String NODE = "node-1";
    static final String CREATED = "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":33554432,\"PidsLimit\":20}}";

    @TempDir
    Path root;
    final FakeRuntime runtime = new FakeRuntime();
    final CapturedEvents events = new CapturedEvents();
    final ConcurrentHashMap<String, String> records = new ConcurrentHashMap<>();
    ScheduledExecutorService timers;
    ExecutorService exits;
    Commands commands;

    @BeforeEach
    void setUp() throws IOException {
        NodePaths paths = new NodePaths(root);
        paths.create();
        timers = Executors.newSingleThreadScheduledExecutor();
        exits = Executors.newSingleThreadExecutor();
        commands = new Commands(FakeNode.of(NODE, runtime, paths, records, events, timers, exits));
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:" + "c".repeat(64))
                .repository("library/busybox").entrypoint(List.of("sleep")).cmd("100")
                .resources(new Resources(32L << 20, 0, 20, 0)).build();
        records.put(ID, Json.write(ContainerRecord.accepted(ID, "web", spec, CREATED, "2024-05-01T08:00:00Z")
                .withNode(NODE)));
        send(new CreateContainer(ID, "web", spec));
        send(new StartContainer(ID));
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        exits.shutdownNow();
    }

    private Envelope send(Message command) {
        Envelope envelope = Envelope.of(command, "/berth/test", null);
        commands.handle(envelope);
        return envelope;
    }

    private ContainerRecord record() {
        return JsonCas.get(records, ID, ContainerRecord.class).orElseThrow();
    }

    private static UpdateContainer toSixtyFourMegs() {
        return new UpdateContainer(ID, new Resources(64L << 20, 0, 20, 0), "always",
                "{\"Memory\":67108864,\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":0}}");
    }

    @Test
    void appliesLiveThenRecordsSpecAndCreateBodyAndAnnouncesCorrelated() {
        Envelope update = send(toSixtyFourMegs());

        assertEquals(List.of("0123:update 67108864"), runtime.signalsCopy());
        assertEquals(64L << 20, record().spec().resources().memoryBytes());
        assertEquals("always", record().spec().restartPolicy());
        JsonNode host = Json.read(record().request(), JsonNode.class).get("HostConfig");
        assertEquals(67108864, host.get("Memory").asLong());
        assertEquals(20, host.get("PidsLimit").asLong(), "fields the update did not set stay");
        assertEquals("always", host.get("RestartPolicy").get("Name").asText());
        assertEquals(new ContainerUpdated(ID, NODE), events.last().event());
        assertEquals(update.id(), events.last().correlationId());
    }

    @Test
    void aRefusedWriteFailsTheUpdateAndLeavesTheRecord() {
        runtime.refuseUpdate = new IOException("write 67108864 to /sys/fs/cgroup/memory/berth/x/memory.limit_in_bytes:"
                + " Device or resource busy");

        send(toSixtyFourMegs());

        CommandFailed failed = assertInstanceOf(CommandFailed.class, events.last().event());
        assertEquals(500, failed.status());
        assertEquals("update", failed.command());
        assertEquals("Cannot update container " + ID + ": write 67108864 to /sys/fs/cgroup/memory/berth/x/"
                + "memory.limit_in_bytes: Device or resource busy", failed.message());
        assertEquals(32L << 20, record().spec().resources().memoryBytes());
        assertEquals(CREATED, record().request());
    }

    @Test
    void anUnknownContainerIsA404() {
        send(new UpdateContainer("f".repeat(64), Resources.NONE, "no", "{}"));

        CommandFailed failed = assertInstanceOf(CommandFailed.class, events.last().event());
        assertEquals(404, failed.status());
    }
}
