package io.berth.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerUpdated;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.wire.Envelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** update through {@link Commands} on the fake runtime: cgroup first, then the record, then the fact. */
class UpdateTest extends CommandsOnFakeNode {
    static final String CREATED = "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":33554432,\"PidsLimit\":20}}";

    @BeforeEach
    void runWeb() {
        ContainerSpec spec = sleeper().resources(new Resources(32L << 20, 0, 20, 0)).build();
        accept(spec, CREATED);
        send(new CreateContainer(ID, "web", spec));
        send(new StartContainer(ID));
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
