package io.berth.agent.cgroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostBlockDevicesTest {

    @Test
    void splitsDevTLikeGlibc() {
        assertEquals("8:0", HostBlockDevices.numbers(0x800));
        assertEquals("7:3", HostBlockDevices.numbers(0x703));
        assertEquals("259:257", HostBlockDevices.numbers((259L << 8) | 1 | (0x100L << 12)));
    }

    @Test
    void refusesMissingPathsAndCharacterDevices() {
        IOException missing = assertThrows(DeviceUnavailable.class, () -> new HostBlockDevices().number("/dev/berth-none"));
        assertEquals("error gathering device information while adding blkio device \"/dev/berth-none\": "
                + "no such file or directory", missing.getMessage());
        IOException chr = assertThrows(DeviceUnavailable.class, () -> new HostBlockDevices().number("/dev/null"));
        assertTrue(chr.getMessage().endsWith("not a block device"), chr.getMessage());
    }

    @Test
    void readsALoopDeviceOfTheHost() throws IOException {
        if (Files.exists(Path.of("/dev/loop0"))) {
            assertEquals("7:0", new HostBlockDevices().number("/dev/loop0"));
        }
    }
}
