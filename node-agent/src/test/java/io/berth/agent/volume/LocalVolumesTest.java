package io.berth.agent.volume;

import io.berth.agent.NodePaths;
import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.Json;
import io.berth.events.state.VolumeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalVolumesTest {
    @TempDir
    Path root;

    private final ConcurrentHashMap<String, String> volumes = new ConcurrentHashMap<>();
    private final RecordingSyscalls syscalls = new RecordingSyscalls();

    private LocalVolumes local(NodePaths paths, Duration grace) throws IOException {
        Files.createDirectories(paths.volumes());
        return new LocalVolumes("n1", paths, volumes, new VolumeMounts(paths, volumes, syscalls, syscalls::mountTable),
                Clock.systemUTC(), grace);
    }

    private VolumeRecord read(String name) {
        return Json.read(volumes.get(name), VolumeRecord.class);
    }

    @Test
    void theRecordWinsAMissingDirectoryIsMadeAgainEmpty() throws IOException {
        NodePaths paths = new NodePaths(root);
        volumes.put("v", Json.write(VolumeRecord.created("v", Map.of(), "t", false).placedOn("n1")
                .madeAt(paths.volumeData("v").toString())));
        volumes.put("elsewhere", Json.write(VolumeRecord.created("elsewhere", Map.of(), "t", false).placedOn("n2")));
        local(paths, Duration.ofMinutes(1)).reconcile();
        assertTrue(Files.isDirectory(paths.volumeData("v")));
        assertFalse(Files.exists(paths.volumes().resolve("elsewhere")), "another node's volume is not made here");
    }

    @Test
    void aDirectoryWithoutARecordIsRecordedAgainAfterTheGrace() throws IOException {
        NodePaths paths = new NodePaths(root);
        Files.createDirectories(paths.volumeData("orphan"));
        local(paths, Duration.ZERO).reconcile();
        assertEquals("n1", read("orphan").nodeId());
        assertEquals(paths.volumeData("orphan").toString(), read("orphan").mountpoint());
    }

    @Test
    void anOrphanKeepsTheOptionsItsDiskRemembers() throws IOException {
        NodePaths paths = new NodePaths(root);
        Files.createDirectories(paths.volumeData("t"));
        Files.writeString(paths.volumeOptions("t"), "{\"type\":\"tmpfs\"}");
        local(paths, Duration.ZERO).reconcile();
        assertEquals(Map.of("type", "tmpfs"), read("t").options());
    }

    @Test
    void removalUnmountsTheVolumesMountBeforeDeletingItsDirectory() throws IOException {
        NodePaths paths = new NodePaths(root);
        VolumeRecord t = VolumeRecord.created("t", Map.of(), "t", false).withOptions(Map.of("type", "tmpfs"))
                .placedOn("n1");
        volumes.put("t", Json.write(t));
        LocalVolumes local = local(paths, Duration.ofMinutes(1));
        local.reconcile();
        new VolumeMounts(paths, volumes, syscalls, syscalls::mountTable).open("t");
        assertEquals(1, syscalls.mountTable().entries().size());
        volumes.put("t", Json.write(read("t").removing()));
        local.reconcile();
        assertEquals(List.of(), syscalls.mountTable().entries());
        assertTrue(syscalls.calls().get(1).startsWith("umount2 " + paths.volumeData("t")));
        assertFalse(Files.exists(paths.volumes().resolve("t")));
        assertFalse(volumes.containsKey("t"));
    }
}
