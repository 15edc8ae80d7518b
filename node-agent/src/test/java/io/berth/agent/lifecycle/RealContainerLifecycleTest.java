package io.berth.agent.lifecycle;

import io.berth.agent.testing.RootRequirement;
import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;
import io.berth.agent.layer.BlobSource;
import io.berth.agent.layer.LayerStore;
import io.berth.agent.layer.LayerUnpacker;
import io.berth.agent.layer.LibcWhiteouts;
import io.berth.agent.runtime.LinuxRuntime;
import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.Message;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.ContainerCreated;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerStarted;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.LayerRef;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verbs on the real kernel: real layers (with a real whiteout), the real runtime, real processes. Needs root. */
class RealContainerLifecycleTest {
    static final String NODE = "node-real";

    Path tmp;
    NodePaths paths;
    final CapturedEvents events = new CapturedEvents();
    final ConcurrentHashMap<String, String> records = new ConcurrentHashMap<>();
    final Map<String, byte[]> blobs = new HashMap<>();
    ScheduledExecutorService timers;
    ExecutorService exits;
    LinuxRuntime runtime;
    Node node;
    Commands commands;
    List<LayerRef> layers;

    @BeforeAll
    static void needsRoot() throws IOException {
        RootRequirement.require("RealContainerLifecycleTest");
    }

    @BeforeEach
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("berth-agent-real");
        paths = new NodePaths(tmp);
        paths.create();
        timers = Executors.newSingleThreadScheduledExecutor();
        exits = Executors.newSingleThreadExecutor();
        runtime = new LinuxRuntime(paths.runtime());
        BlobSource source = (repository, digest) -> new ByteArrayInputStream(blobs.get(digest.toString()));
        LayerStore store = new LayerStore(paths, source, new LayerUnpacker(new LibcWhiteouts(), true));
        ContainerTable table = new ContainerTable();
        node = new Node(NODE, runtime, new ContainerDisk(paths, store), records, table,
                new ExitWatch(NODE, runtime, records, table, events, exits, Clock.systemUTC()), events, timers,
                Clock.systemUTC());
        commands = new Commands(node);
        layers = List.of(layer(baseLayer()), layer(topLayer()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Tracked t : node.table().all()) {
            runtime.signal(t.process(), 9);
            t.settled().get(10, TimeUnit.SECONDS);
        }
        for (String id : records.keySet()) {
            runtime.release(id, paths.container(id));
        }
        timers.shutdownNow();
        exits.shutdownNow();
        DirectoryTree.delete(tmp);
    }

    private LayerRef layer(byte[] tar) throws Exception {
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar));
        blobs.put(digest, tar);
        return new LayerRef(digest, "application/vnd.oci.image.layer.v1.tar", tar.length);
    }

    private static byte[] baseLayer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            put(tar, "bin/busybox", busybox, 0755);
            for (String applet : List.of("sh", "sleep", "cat", "test", "[")) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            put(tar, "etc/motd", "old".getBytes(StandardCharsets.UTF_8), 0644);
            put(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644);
        }
        return bytes.toByteArray();
    }

    private static byte[] topLayer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            put(tar, "etc/.wh.motd", new byte[0], 0644);
            put(tar, "etc/hello", "from the top layer".getBytes(StandardCharsets.UTF_8), 0644);
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] body, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        entry.setSize(body.length);
        tar.putArchiveEntry(entry);
        tar.write(body);
        tar.closeArchiveEntry();
    }

    private String accept(String id, List<String> argv) {
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").layers(layers).cmd(argv)
                .env(List.of("PATH=/bin")).build();
        records.put(id, Json.write(ContainerRecord.accepted(id, "c" + id.substring(0, 4), spec, "{}", "now")
                .withNode(NODE)));
        return id;
    }

    private Envelope send(Message command) {
        Envelope envelope = Envelope.of(command, "/berth/test", null);
        commands.handle(envelope);
        return envelope;
    }

    private ContainerRecord record(String id) {
        return JsonCas.get(records, id, ContainerRecord.class).orElseThrow();
    }

    @Test
    void createStartStopEscalationAndRemoveOnTheRealKernel() throws Exception {
        String id = accept("a1".repeat(32), List.of("sleep", "100"));
        send(new CreateContainer(id, "ca1a1", record(id).spec()));
        assertEquals(new ContainerCreated(id, NODE), events.last().event());
        send(new StartContainer(id));
        ContainerStarted started = assertInstanceOf(ContainerStarted.class, events.last().event());
        assertTrue(Files.exists(Path.of("/proc/" + started.pid())), "the container's init runs on the host");
        assertEquals(ContainerState.RUNNING, record(id).status());

        // sleep as PID 1 has no SIGTERM handler, so the kernel ignores TERM: the timer's SIGKILL must end it.
        Envelope stop = send(new StopContainer(id, 1, ""));
        events.awaitCount(3);
        assertEquals(new ContainerDied(id, NODE, 137, false), events.last().event());
        assertEquals(stop.id(), events.last().correlationId());
        assertEquals(ContainerState.EXITED, record(id).status());

        send(new RemoveContainer(id, false));
        assertEquals(new ContainerRemoved(id, NODE), events.last().event());
        assertFalse(records.containsKey(id));
        assertFalse(Files.exists(paths.container(id)));
    }

    @Test
    void upperLayerWhiteoutsHideLowerFilesInTheContainer() throws Exception {
        String id = accept("b2".repeat(32), List.of("sh", "-c", "test ! -e /etc/motd && test -f /etc/hello"));
        send(new CreateContainer(id, "cb2b2", record(id).spec()));
        send(new StartContainer(id));
        assertInstanceOf(ContainerStarted.class, events.last().event());
        events.awaitCount(3);
        assertEquals(new ContainerDied(id, NODE, 0, false), events.last().event());
        send(new RemoveContainer(id, true));
        assertEquals(new ContainerRemoved(id, NODE), events.last().event());
    }
}
