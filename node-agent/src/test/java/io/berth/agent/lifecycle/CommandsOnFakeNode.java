package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.events.Json;
import io.berth.events.Message;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the lifecycle unit tests stand on: one node ({@link FakeNode}) on the {@link FakeRuntime} with a temporary
 * data root, its own timers and exit thread (stopped after each test), the containers map, captured events and
 * {@link Commands}. A subclass's {@code @BeforeEach} runs after this one's and puts its container in with
 * {@link #accept}.
 */
abstract class CommandsOnFakeNode {
    static final String ID = "0123456789abcdef".repeat(4);
    static final String NODE = "node-1";

    @TempDir
    Path root;
    final FakeRuntime runtime = new FakeRuntime();
    final CapturedEvents events = new CapturedEvents();
    final ReadCountingMap records = new ReadCountingMap();
    ScheduledExecutorService timers;
    ExecutorService exits;
    NodePaths paths;
    Node node;
    Commands commands;

    @BeforeEach
    void startNode() throws IOException {
        paths = new NodePaths(root);
        paths.create();
        timers = Executors.newSingleThreadScheduledExecutor();
        exits = Executors.newSingleThreadExecutor();
        node = FakeNode.of(NODE, runtime, paths, records, events, timers, exits);
        commands = new Commands(node);
    }

    @AfterEach
    void stopNode() {
        timers.shutdownNow();
        exits.shutdownNow();
    }

    /** A sleeping busybox as the gateway would resolve it, for a test to add to and build. */
    static ContainerSpec.Builder sleeper() {
        return ContainerSpec.builder("busybox").imageId("sha256:" + "c".repeat(64))
                .repository("library/busybox").entrypoint(List.of("sleep")).cmd("100");
    }

    /** Puts container {@link #ID}, named web, in the map as the gateway accepted it, placed on this node. */
    void accept(ContainerSpec spec, String created) {
        records.put(ID, Json.write(ContainerRecord.accepted(ID, "web", spec, created, "2024-05-01T08:00:00Z")
                .withNode(NODE)));
    }

    Envelope send(Message command) {
        Envelope envelope = Envelope.of(command, "/berth/test", null);
        commands.handle(envelope);
        return envelope;
    }

    ContainerRecord record() {
        return JsonCas.get(records, ID, ContainerRecord.class).orElseThrow();
    }
}
