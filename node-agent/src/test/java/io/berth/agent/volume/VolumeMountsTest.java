package io.berth.agent.volume;

import io.berth.agent.NodePaths;
import io.berth.agent.sys.Errno;
import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.Json;
import io.berth.events.state.VolumeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeMountsTest {
    @TempDir
    Path root;

    private final ConcurrentHashMap<String, String> volumes = new ConcurrentHashMap<>();
    private final RecordingSyscalls syscalls = new RecordingSyscalls();

    private VolumeMounts mounts() {
        return new VolumeMounts(new NodePaths(root), volumes, syscalls, syscalls::mountTable);
    }

    private void record(String name, Map<String, String> options) {
        volumes.put(name, Json.write(VolumeRecord.created(name, Map.of(), "t", false).withOptions(options)));
    }

    @Test
    void aPlainVolumeIsADirectoryAndNothingIsMounted() throws IOException {
        record("plain", Map.of());
        Path data = mounts().open("plain");
        assertEquals(root.resolve("volumes/plain/_data"), data);
        assertTrue(Files.isDirectory(data));
        Path unrecorded = mounts().open("unrecorded"); // a spec's volume whose record is late: a plain directory
        assertTrue(Files.isDirectory(unrecorded));
        assertEquals(List.of(), syscalls.calls());
    }

    @Test
    void aTmpfsVolumeIsMountedOnceAndReleasedOnRemoval() throws IOException {
        record("t", Map.of("type", "tmpfs", "o", "size=1m,mode=700,noexec"));
        VolumeMounts mounts = mounts();
        Path data = mounts.open("t");
        assertEquals(data, mounts.open("t"), "the second use finds it mounted");
        assertEquals(List.of("mount tmpfs " + data + " tmpfs 8 size=1m,mode=700"), syscalls.calls());
        mounts.release("t");
        mounts.release("t");
        assertEquals("umount2 " + data + " 2", syscalls.calls().get(1));
        assertEquals(2, syscalls.calls().size(), "nothing left to unmount the second time");
    }

    @Test
    void aReadOnlyBindIsABindThenARemount() throws IOException {
        Path device = Files.createDirectories(root.resolve("host-dir"));
        record("b", Map.of("type", "none", "o", "bind,ro", "device", device.toString()));
        Path data = mounts().open("b");
        assertEquals(List.of("mount " + device + " " + data + " none 4097 ",
                "mount " + device + " " + data + " none 4129 "), syscalls.calls());
    }

    @Test
    void aMissingBindDeviceIsRefusedWithDockerdsWordsAndNothingMounted() {
        record("b", Map.of("type", "none", "o", "bind", "device", root.resolve("absent").toString()));
        IOException e = assertThrows(IOException.class, () -> mounts().open("b"));
        assertTrue(e.getMessage().endsWith("failed to mount local volume: mount " + root.resolve("absent") + ":"
                + root.resolve("volumes/b/_data") + ", flags: 0x1000: no such file or directory"), e.getMessage());
        assertEquals(List.of(), syscalls.calls());
    }

    @Test
    void aFailedMountSaysWhatWasMountedAndLeavesNoMount() {
        record("x", Map.of("type", "ext4", "device", "/dev/nonexistent"));
        syscalls.failNext("mount", Errno.ENOENT, 1);
        IOException e = assertThrows(IOException.class, () -> mounts().open("x"));
        assertTrue(e.getMessage().contains("mount /dev/nonexistent:" + root.resolve("volumes/x/_data")),
                e.getMessage());
        assertEquals(List.of(), syscalls.mountTable().entries());
    }
    @Test
    void theOptionsAreKeptOnTheDiskForAVolumeFoundWithoutARecord() throws IOException {
        record("t", Map.of("type", "tmpfs", "o", "size=1m"));
        VolumeMounts mounts = mounts();
        Path data = mounts.open("t");
        assertTrue(Files.isRegularFile(root.resolve("volumes/t/opts.json")));
        mounts.release("t");
        volumes.clear(); // the cluster's state not restored yet
        assertEquals(data, mounts.open("t"));
        assertEquals("mount tmpfs " + data + " tmpfs 0 size=1m", syscalls.calls().get(2),
                "mounted again from opts.json, not taken for a plain directory");
        assertEquals(Map.of("type", "tmpfs", "o", "size=1m"), mounts.savedOptions("t"));
        assertEquals(Map.of(), mounts.savedOptions("never-made"));
    }
}
