package io.berth.events.wire;

import io.berth.events.Message;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.KillContainer;
import io.berth.events.command.PauseContainer;
import io.berth.events.command.UnpauseContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerCreated;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerLost;
import io.berth.events.event.ContainerPaused;
import io.berth.events.event.ContainerUnpaused;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.LayerRef;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudEventCodecTest {
    static final String ID = "a".repeat(64);

    static ContainerSpec spec() {
        return ContainerSpec.builder("busybox").imageId("sha256:" + "c".repeat(64)).repository("library/busybox")
                .manifestDigest("sha256:" + "d".repeat(64))
                .layers(List.of(new LayerRef("sha256:" + "e".repeat(64), "application/vnd.oci.image.layer.v1.tar+gzip", 123)))
                .cmd("sleep", "100").env(List.of("PATH=/bin")).hostname("aaaaaaaaaaaa").labels(Map.of("k", "v"))
                .resources(new Resources(64 << 20, 500_000_000, 100, 0)).restartPolicy("no").build();
    }

    @Test
    void everyMessageTypeRoundTrips() {
        List<Message> all = List.of(
                new CreateContainer(ID, "web", spec()),
                new StartContainer(ID),
                new StopContainer(ID, 2, ""),
                new KillContainer(ID, "SIGKILL"),
                new RemoveContainer(ID, true),
                new ContainerScheduled(ID, "node-1"),
                new ContainerUnschedulable(ID, "no node has 64 GiB free"),
                new ContainerCreated(ID, "node-1"),
                new ContainerStarted(ID, "node-1", 4242),
                new ContainerDied(ID, "node-1", 137, false),
                new ContainerKilled(ID, "node-1", "SIGTERM"),
                new ContainerRemoved(ID, "node-1"),
                new CommandFailed(ID, "node-1", "start", 500, "exec: \"nope\": executable file not found"),
                new PauseContainer(ID),
                new UnpauseContainer(ID),
                new ContainerPaused(ID, "node-1"),
                new ContainerUnpaused(ID, "node-1"),
                new ContainerLost(ID, "node-1", "node node-1 is down"),
                new io.berth.events.event.ContainerHealthChanged(ID, "node-1", "healthy"),
                new io.berth.events.command.UpdateContainer(ID, new io.berth.events.spec.Resources(1 << 26, 0, 0, 0)
                        .withDisk(new io.berth.events.spec.DiskLimits(300, List.of(), List.of(
                                new io.berth.events.spec.DeviceRate("/dev/loop3", 1 << 20)), List.of(), List.of())),
                        "always", "{\"Memory\":67108864}"),
                new io.berth.events.event.ContainerUpdated(ID, "node-1"),
                new io.berth.events.event.ContainerNetworkChanged(ID, "node-1", "back", true));
        assertEquals(MessageTypes.all().size(), all.size(), "every registered type is covered");
        for (Message m : all) {
            Envelope sent = Envelope.of(m, "/berth/test", "cmd-1");
            Envelope got = CloudEventCodec.decode(CloudEventCodec.encode(sent));
            assertEquals(sent.data(), got.data());
            assertEquals(sent.id(), got.id());
            assertEquals(sent.type(), got.type());
            assertEquals(ID, got.subject());
            assertEquals("cmd-1", got.correlationId());
            assertEquals(sent.time().toInstant(), got.time().toInstant());
            byte[] withActor = CloudEventCodec.encode(sent.withActor(new ContainerActor("web", "busybox",
                    Map.of("a", "b\"c"))));
            assertEquals(CloudEventCodec.decodeWithSdk(withActor), StructuredReader.read(withActor),
                    "the streaming reader reads what the SDK reads: " + m.getClass().getSimpleName());
        }
    }

    @Test
    void theStreamingReaderLeavesToTheSdkWhatItIsNotSureOf() {
        String data = "{\"containerId\":\"" + ID + "\",\"nodeId\":\"n1\"}";
        String dataFirst = "{\"data\":" + data + ",\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\","
                + "\"type\":\"berth.container.scheduled\",\"subject\":\"" + ID + "\"}";
        byte[] bytes = dataFirst.getBytes(StandardCharsets.UTF_8);
        assertEquals(CloudEventCodec.decodeWithSdk(bytes), StructuredReader.read(bytes), "data before its type");
        for (String other : List.of(dataFirst.replace("\"1.0\"", "\"0.3\""),
                dataFirst.replace("\"id\":\"1\",", ""),
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"berth.container.scheduled\","
                        + "\"datacontenttype\":\"text/plain\",\"data\":\"hi\"}",
                "{nope")) {
            assertNull(StructuredReader.read(other.getBytes(StandardCharsets.UTF_8)), other);
        }
    }

    @Test
    void structuredJsonIsReadableByOutsideConsumers() {
        byte[] bytes = CloudEventCodec.encode(Envelope.of(new ContainerStarted(ID, "n1", 7), "/berth/agent", null));
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"specversion\":\"1.0\""), json);
        assertTrue(json.contains("\"type\":\"berth.container.started\""), json);
        assertTrue(json.contains("\"pid\":7"), json);
        assertNull(CloudEventCodec.decode(bytes).correlationId());
    }

    @Test
    void theActorTravelsAsExtensionsAndIsAbsentWhenNotGiven() {
        ContainerActor web = new ContainerActor("web", "busybox", Map.of("tier", "front", "odd", "a\"b"));
        byte[] bytes = CloudEventCodec.encode(Envelope.of(new ContainerRemoved(ID, "n1"), "/berth/agent", "c")
                .withActor(web));
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"actorname\":\"web\""), json);
        assertTrue(json.contains("\"actorimage\":\"busybox\""), json);
        assertEquals(web, CloudEventCodec.decode(bytes).actor());
        assertNull(CloudEventCodec.decode(CloudEventCodec.encode(Envelope.of(new ContainerRemoved(ID, "n1"),
                "/berth/agent", "c"))).actor());
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudEventCodec.decode("{nope".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("CloudEvents"), e.getMessage());
    }

    @Test
    void unknownTypeIsRejected() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"berth.container.fly\","
                + "\"datacontenttype\":\"application/json\",\"data\":{}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CloudEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("berth.container.fly"), e.getMessage());
    }
}
