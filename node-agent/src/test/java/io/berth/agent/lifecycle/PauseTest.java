package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.Message;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.KillContainer;
import io.berth.events.command.PauseContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.command.UnpauseContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerPaused;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerUnpaused;
import io.berth.events.spec.ContainerSpec;
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

/** pause and unpause through {@link Commands} on the fake runtime, and what stop, kill and rm do to a paused one. */
class PauseTest {
    static final String ID = "0123456789abcdef".repeat(4);
    static final String NODE = "node-1";

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
        Node node = FakeNode.of(NODE, runtime, paths, records, events, timers, exits);
        commands = new Commands(node);
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:" + "c".repeat(64))
                .repository("library/busybox").entrypoint(List.of("sleep")).cmd("100").build();
        records.put(ID, Json.write(ContainerRecord.accepted(ID, "web", spec, "{}", "2024-05-01T08:00:00Z")
                .withNode(NODE)));
        send(new CreateContainer(ID, "web", spec));
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

    private ContainerState status() {
        return JsonCas.get(records, ID, ContainerRecord.class).orElseThrow().status();
    }

    private CommandFailed lastFailure() {
        return assertInstanceOf(CommandFailed.class, events.last().event());
    }

    @Test
    void pauseFreezesRecordsPausedAndAnnouncesItCorrelated() {
        send(new StartContainer(ID));
        Envelope pause = send(new PauseContainer(ID));
        assertEquals(List.of("0123:freeze"), runtime.signalsCopy());
        assertEquals(ContainerState.PAUSED, status());
        assertEquals(new ContainerPaused(ID, NODE), events.last().event());
        assertEquals(pause.id(), events.last().correlationId());

        Envelope unpause = send(new UnpauseContainer(ID));
        assertEquals(List.of("0123:freeze", "0123:thaw"), runtime.signalsCopy());
        assertEquals(ContainerState.RUNNING, status());
        assertEquals(new ContainerUnpaused(ID, NODE), events.last().event());
        assertEquals(unpause.id(), events.last().correlationId());
    }

    @Test
    void onlyARunningContainerPausesAndOnlyAPausedOneUnpauses() {
        send(new PauseContainer(ID));
        assertEquals(new CommandFailed(ID, NODE, "pause", 409, "container " + ID + " is not running"), lastFailure());
        send(new StartContainer(ID));
        send(new UnpauseContainer(ID));
        assertEquals(new CommandFailed(ID, NODE, "unpause", 409, "Container " + ID + " is not paused"), lastFailure());
        send(new PauseContainer(ID));
        send(new PauseContainer(ID));
        assertEquals(new CommandFailed(ID, NODE, "pause", 409, "Container " + ID + " is already paused"),
                lastFailure());
        send(new StartContainer(ID));
        assertEquals(409, lastFailure().status());
        send(new RemoveContainer(ID, false));
        assertEquals(409, lastFailure().status());
    }

    @Test
    void stopOfAPausedContainerSignalsThenThawsSoTheSignalLands() throws Exception {
        send(new StartContainer(ID));
        send(new PauseContainer(ID));
        send(new StopContainer(ID, 10, ""));
        events.awaitCount(4);
        assertEquals(List.of("0123:freeze", "0123:15", "0123:thaw"), runtime.signalsCopy());
        assertEquals(new ContainerDied(ID, NODE, 143, false), events.last().event());
        assertEquals(ContainerState.EXITED, status());
    }

    @Test
    void killAndForcedRemoveOfAPausedContainerThawIt() throws Exception {
        runtime.lethal = java.util.Set.of(9);
        send(new StartContainer(ID));
        send(new PauseContainer(ID));
        send(new KillContainer(ID, "HUP"));
        assertEquals(List.of("0123:freeze", "0123:1", "0123:thaw"), runtime.signalsCopy());
        assertEquals(ContainerState.RUNNING, status());
        send(new PauseContainer(ID));
        send(new RemoveContainer(ID, true));
        assertEquals(List.of("0123:freeze", "0123:1", "0123:thaw", "0123:freeze", "0123:9", "0123:thaw"),
                runtime.signalsCopy());
        assertEquals(new ContainerRemoved(ID, NODE), events.last().event());
    }

    @Test
    void pauseOfAnUnknownContainerIs404() {
        records.clear();
        send(new PauseContainer(ID));
        assertEquals(404, lastFailure().status());
    }
}
