package io.berth.agent.lifecycle;

import io.berth.agent.runtime.RuntimeFailure;
import io.berth.events.ContainerState;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.KillContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerCreated;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerStarted;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest extends CommandsOnFakeNode {

    @BeforeEach
    void acceptWeb() {
        accept(sleeper().env(List.of("PATH=/bin")).workingDir("/tmp").build(), "{}");
    }

    private ContainerSpec spec() {
        return record().spec();
    }

    private Envelope createAndStart() {
        send(new CreateContainer(ID, "web", spec()));
        return send(new StartContainer(ID));
    }

    @Test
    void createPreparesTheDirectoryAndAnnouncesCreated() {
        Envelope create = send(new CreateContainer(ID, "web", spec()));
        assertTrue(Files.isDirectory(paths.container(ID)));
        assertEquals(new ContainerCreated(ID, NODE), events.last().event());
        assertEquals(create.id(), events.last().correlationId());
        assertEquals(ContainerState.CREATED, record().status());
    }

    @Test
    void startRunsTheSpecRecordsRunningAndAnnouncesStarted() {
        Envelope start = createAndStart();
        var spec = runtime.started.get(0);
        assertEquals(List.of("sleep", "100"), spec.argv());
        assertEquals(ID.substring(0, 12), spec.hostname());
        assertEquals("/tmp", spec.workingDir());
        assertEquals(paths.container(ID), spec.containerDir());
        long pid = runtime.process(ID).pid();
        assertEquals(new ContainerStarted(ID, NODE, pid), events.last().event());
        assertEquals(start.id(), events.last().correlationId());
        assertEquals(ContainerState.RUNNING, record().status());
        assertEquals(pid, record().pid());
        assertEquals("2024-05-01T09:00:00.500Z", record().startedAt());
    }

    @Test
    void startWhileRunningIs304() {
        createAndStart();
        send(new StartContainer(ID));
        CommandFailed failed = assertInstanceOf(CommandFailed.class, events.last().event());
        assertEquals(304, failed.status());
        assertEquals("start", failed.command());
        assertEquals(1, runtime.started.size());
    }

    @Test
    void startOfAnUnknownContainerIs404() {
        records.clear();
        send(new StartContainer(ID));
        CommandFailed failed = assertInstanceOf(CommandFailed.class, events.last().event());
        assertEquals(404, failed.status());
        assertEquals("No such container: " + ID, failed.message());
    }

    @Test
    void executableNotFoundIs400AndKeepsTheRecordCreated() {
        send(new CreateContainer(ID, "web", spec()));
        String message = "exec: \"nope\": executable file not found in $PATH";
        runtime.nextFailure = new RuntimeFailure(message, 127);
        Envelope start = send(new StartContainer(ID));
        assertEquals(new CommandFailed(ID, NODE, "start", 400, message), events.last().event());
        assertEquals(start.id(), events.last().correlationId());
        assertEquals(ContainerState.CREATED, record().status());
        assertEquals(message, record().error());
    }

    @Test
    void aFailedRestartLeavesTheRecordExitedWithTheFailuresCode() throws Exception {
        createAndStart();
        runtime.process(ID).exitWith(0);
        events.awaitCount(3);
        runtime.nextFailure = new RuntimeFailure("cgroup gone", 125);
        send(new StartContainer(ID));
        assertEquals(500, ((CommandFailed) events.last().event()).status());
        assertEquals(ContainerState.EXITED, record().status());
        assertEquals(125, record().exitCode());
        assertEquals("cgroup gone", record().error());
    }

    @Test
    void anExitIsReleasedRecordedAndAnnouncedCorrelatedToTheStart() throws Exception {
        Envelope start = createAndStart();
        runtime.process(ID).exitWith(3);
        events.awaitCount(3);
        assertEquals(new ContainerDied(ID, NODE, 3, false), events.last().event());
        assertEquals(start.id(), events.last().correlationId());
        assertEquals(List.of(ID), runtime.released);
        assertEquals(ContainerState.EXITED, record().status());
        assertEquals(3, record().exitCode());
        assertEquals("2024-05-01T10:00:00.123456789Z", record().finishedAt());
        assertEquals(0, record().pid());
    }

    @Test
    void stopSendsTheSignalAndTheDiedEventIsCorrelatedToTheStop() throws Exception {
        createAndStart();
        Envelope stop = send(new StopContainer(ID, 10, "SIGTERM"));
        events.awaitCount(3);
        assertEquals(List.of("0123:15"), runtime.signals);
        assertEquals(new ContainerDied(ID, NODE, 143, false), events.last().event());
        assertEquals(stop.id(), events.last().correlationId());
    }

    @Test
    void stopEscalatesToSigkillFromATimerWithoutHoldingTheCommandThread() throws Exception {
        runtime.lethal = java.util.Set.of(9);
        createAndStart();
        long before = System.nanoTime();
        send(new StopContainer(ID, 1, "TERM"));
        assertTrue(System.nanoTime() - before < 500_000_000L, "stop must not sleep through the grace period");
        assertEquals(List.of("0123:15"), runtime.signalsCopy());
        events.awaitCount(3);
        assertEquals(List.of("0123:15", "0123:9"), runtime.signalsCopy());
        assertEquals(137, ((ContainerDied) events.last().event()).exitCode());
    }

    @Test
    void stopOfAStoppedContainerIs304WithAnEmptyMessage() {
        send(new CreateContainer(ID, "web", spec()));
        send(new StopContainer(ID, -1, ""));
        assertEquals(new CommandFailed(ID, NODE, "stop", 304, ""), events.last().event());
    }

    @Test
    void killDeliversTheSignalNumberAndAnnouncesKilled() throws Exception {
        runtime.lethal = java.util.Set.of();
        createAndStart();
        Envelope kill = send(new KillContainer(ID, "HUP"));
        assertEquals(List.of("0123:1"), runtime.signals);
        assertEquals(new ContainerKilled(ID, NODE, "1"), events.last().event());
        assertEquals(kill.id(), events.last().correlationId());
        send(new KillContainer(ID, "NOPE"));
        assertEquals(400, ((CommandFailed) events.last().event()).status());
    }

    @Test
    void killOfAStoppedContainerIs409() {
        send(new CreateContainer(ID, "web", spec()));
        send(new KillContainer(ID, ""));
        assertEquals(new CommandFailed(ID, NODE, "kill", 409, "container " + ID + " is not running"),
                events.last().event());
    }

    @Test
    void removeOfARunningContainerWithoutForceIs409() {
        createAndStart();
        send(new RemoveContainer(ID, false));
        assertEquals(new CommandFailed(ID, NODE, "remove", 409, "cannot remove container \"/web\": container is "
                + "running: stop the container before removing or force remove"), events.last().event());
        assertTrue(records.containsKey(ID));
        assertTrue(runtime.signals.isEmpty());
    }

    @Test
    void forcedRemoveKillsWaitsForDiedThenDeletesEverything() throws Exception {
        createAndStart();
        Files.writeString(paths.container(ID).resolve("log.json"), "x");
        Envelope remove = send(new RemoveContainer(ID, true));
        List<CapturedEvents.Emitted> all = events.all;
        assertEquals(4, all.size());
        assertEquals(new ContainerDied(ID, NODE, 137, false), all.get(2).event());
        assertEquals(remove.id(), all.get(2).correlationId());
        assertEquals(new ContainerRemoved(ID, NODE), all.get(3).event());
        assertEquals("web", all.get(3).actor().name(), "destroy names the container whose record it deleted");
        assertFalse(records.containsKey(ID));
        assertFalse(Files.exists(paths.container(ID)));
        assertTrue(node.table().get(ID).isEmpty());
    }

    @Test
    void aCopyPlacedElsewhereMeanwhileIsKilledAndDiscardedQuietly() {
        createAndStart();
        int before = events.all.size();
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.withNode("node-2").withStatus(
                io.berth.events.ContainerState.CREATED));
        new StaleCopies(node, paths).run();
        assertFalse(Files.exists(paths.container(ID)), "the stale copy's directory is gone");
        assertTrue(node.table().get(ID).isEmpty(), "its process is no longer watched");
        assertEquals(before, events.all.size(), "no died: the record belongs to the copy on node-2");
        assertEquals("node-2", record().nodeId());
        assertEquals(io.berth.events.ContainerState.CREATED, record().status(), "the record is left as it was");
    }

    @Test
    void aChangedRecordIsCheckedAtOnceAndAnUnchangedOneWaitsForTheSweep() {
        createAndStart();
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.withNode("node-2"));
        StaleCopies stale = new StaleCopies(node, paths);
        stale.changed("some-other-container");
        stale.runChanged();
        assertTrue(Files.exists(paths.container(ID)), "only the containers whose record changed are looked at");
        stale.changed(ID);
        stale.runChanged();
        assertFalse(Files.exists(paths.container(ID)), "the changed record moved it elsewhere: discarded");
        assertTrue(node.table().get(ID).isEmpty());
    }

    @Test
    void aChangeOfEveryRecordChecksEveryContainer() {
        createAndStart();
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.withNode("node-2"));
        StaleCopies stale = new StaleCopies(node, paths);
        stale.changed(null);
        stale.runChanged();
        assertFalse(Files.exists(paths.container(ID)));
    }

    @Test
    void aContainerWithoutARecordIsAnOrphanOnlyAfterTheGrace() {
        createAndStart();
        records.remove(ID);
        new StaleCopies(node, paths, java.time.Duration.ofHours(1)).run();
        assertTrue(Files.exists(paths.container(ID)), "a record missing for a moment (a cluster restoring) is kept");
        new StaleCopies(node, paths, java.time.Duration.ZERO).run();
        assertFalse(Files.exists(paths.container(ID)), "an orphan past the grace is discarded");
        assertTrue(node.table().get(ID).isEmpty());
    }

    @Test
    void aContainerStillPlacedHereIsKeptAndReRecordedRunningIfMarkedLost() {
        createAndStart();
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.exited(255, false, "2024-05-01T11:00:00Z")
                .withError("node node-1 is down"));
        new StaleCopies(node, paths).run();
        assertTrue(Files.exists(paths.container(ID)));
        assertEquals(io.berth.events.ContainerState.RUNNING, record().status(), "its process lives");
    }

    @Test
    void removeOfAnUnknownContainerStillAnnouncesRemoved() {
        records.clear();
        send(new RemoveContainer(ID, false));
        assertEquals(new ContainerRemoved(ID, NODE), events.last().event());
    }

    @Test
    void aContainerCanBeStartedAgainAfterItExited() throws Exception {
        createAndStart();
        runtime.process(ID).exitWith(0);
        events.awaitCount(3);
        send(new StartContainer(ID));
        assertInstanceOf(ContainerStarted.class, events.last().event());
        assertEquals(2, runtime.started.size());
    }

    @Test
    void adoptionReattachesAndAnnouncesAnExitThatHappenedWhileTheAgentWasDown() throws Exception {
        send(new CreateContainer(ID, "web", spec()));
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.running(4242, "2024-05-01T09:00:00Z"));
        FakeRuntime.Process gone = new FakeRuntime.Process(ID, 4242);
        gone.exitWith(7);
        runtime.adoptable.put(ID, gone);
        assertEquals(List.of(ID), new Adoption(node, paths).run());
        events.awaitCount(2);
        assertEquals(new ContainerDied(ID, NODE, 7, false), events.last().event());
        assertEquals(ContainerState.EXITED, record().status());
    }

    @Test
    void adoptionMarksARunningRecordWithoutAMonitorAsExited() throws Exception {
        send(new CreateContainer(ID, "web", spec()));
        JsonCas.update(records, ID, ContainerRecord.class, r -> r.running(4242, "2024-05-01T09:00:00Z"));
        new Adoption(node, paths).run();
        assertEquals(ContainerState.EXITED, record().status());
        assertInstanceOf(ContainerDied.class, events.last().event());
    }
}
