package io.berth.agent.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountTableTest {
    private static final String INFO = """
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:5 - cgroup2 cgroup2 rw
            90 27 0:50 / /var/lib/berth/a\\040b/rootfs rw master:1 - overlay overlay rw,lowerdir=/l
            """;

    @Test
    void findsMountPointsWithOptionalFieldsAndEscapes() {
        MountTable table = MountTable.parse(INFO);
        assertTrue(table.isMountPoint(Path.of("/var/lib/berth/a b/rootfs")));
        assertEquals("cgroup2", table.fsTypeAt(Path.of("/sys/fs/cgroup/unified")));
        assertEquals("tmpfs", table.fsTypeAt(Path.of("/sys/fs/cgroup")));
        assertFalse(table.isMountPoint(Path.of("/var/lib/berth")));
        assertNull(table.fsTypeAt(Path.of("/nowhere")));
    }

    @Test
    void topmostMountWins() {
        MountTable table = MountTable.parse(INFO + "95 31 0:60 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        assertEquals("cgroup2", table.fsTypeAt(Path.of("/sys/fs/cgroup")));
    }
}
