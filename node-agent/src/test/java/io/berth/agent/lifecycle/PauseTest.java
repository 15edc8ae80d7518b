package io.berth.agent.lifecycle;

import io.berth.events.ContainerState;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** pause and unpause through {@link Commands} on the fake runtime, and what stop, kill and rm do to a paused one. */
class PauseTest extends CommandsOnFakeNode {

    @BeforeEach
    void createWeb() {
        ContainerSpec spec = sleeper().build();
        accept(spec, "{}");
        send(new CreateContainer(ID, "web", spec));
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
